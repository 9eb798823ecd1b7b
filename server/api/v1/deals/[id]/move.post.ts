import * as deals from '~~/server/services/deals'
import { dealMove, idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const ctx = await requireRole(event, 'member')
  return idempotent(event, ctx, async () => {
    const input = await validateBody(event, dealMove)
    return ok(await deals.move(ctx, id, input))
  })
})
