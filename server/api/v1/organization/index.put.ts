import * as organization from '~~/server/services/organization'
import { organizationUpdate } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const input = await validateBody(event, organizationUpdate)
  const ctx = await requireUser(event, 'admin')
  return ok(await organization.update(ctx, input))
})
