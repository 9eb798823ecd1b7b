import * as organization from '~~/server/services/organization'
import { ownershipTransfer } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const input = await validateBody(event, ownershipTransfer)
  const ctx = await requireUser(event, 'owner')
  return ok(await organization.transferOwnership(ctx, input))
})
