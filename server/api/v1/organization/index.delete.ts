import * as organization from '~~/server/services/organization'
import { organizationDelete } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const input = await validateBody(event, organizationDelete)
  const ctx = await requireUser(event, 'owner')
  return ok(await organization.remove(ctx, input))
})
