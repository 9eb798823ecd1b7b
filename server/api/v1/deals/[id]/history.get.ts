import * as audit from '~~/server/services/audit-logs'
import * as deals from '~~/server/services/deals'
import { historyQuery, idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const query = validateQuery(event, historyQuery)
  const ctx = await requireRole(event, 'viewer')
  await deals.assertExists(ctx, id)
  const { data, meta } = await audit.history(ctx, 'deal', id, query)
  return ok(data, meta)
})
