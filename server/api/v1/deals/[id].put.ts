import * as deals from '~~/server/services/deals'
import { dealUpdate, idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const ctx = await requireRole(event, 'member')
  const input = await validateBody(event, dealUpdate)
  return ok(await deals.update(ctx, id, input))
})
