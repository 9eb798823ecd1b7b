import * as deletion from '~~/server/services/privacy/org-deletion'
import { organizationDeletionCreate } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const input = await validateBody(event, organizationDeletionCreate)
  const ctx = await requireUser(event, 'owner')
  return created(event, await deletion.schedule(ctx, input))
})
