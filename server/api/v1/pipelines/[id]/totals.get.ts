import * as deals from '~~/server/services/deals'
import { idParams, pipelineTotalsQuery } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const query = validateQuery(event, pipelineTotalsQuery)
  const ctx = await requireRole(event, 'viewer')
  return ok(await deals.stageTotals(ctx, id, query))
})
