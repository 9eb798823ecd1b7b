import * as deals from '~~/server/services/deals'
import { idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const ctx = await requireRole(event, 'viewer')
  return ok(await deals.get(ctx, id))
})
