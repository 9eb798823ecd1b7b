import * as deals from '~~/server/services/deals'
import { idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const ctx = await requireRole(event, 'member')
  return ok(await deals.remove(ctx, id))
})
