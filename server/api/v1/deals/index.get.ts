import * as deals from '~~/server/services/deals'
import { dealListQuery } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const query = validateQuery(event, dealListQuery)
  const ctx = await requireRole(event, 'viewer')
  const { data, meta } = await deals.list(ctx, query)
  return ok(data, meta)
})
