import * as deals from '~~/server/services/deals'
import { dealCreate } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const ctx = await requireRole(event, 'member')
  return idempotent(event, ctx, async () => {
    const input = await validateBody(event, dealCreate)
    return created(event, await deals.create(ctx, input))
  })
})
