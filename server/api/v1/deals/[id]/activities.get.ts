import * as activities from '~~/server/services/activities'
import * as deals from '~~/server/services/deals'
import { dealActivitiesQuery, idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const query = validateQuery(event, dealActivitiesQuery)
  const ctx = await requireRole(event, 'viewer')
  await deals.assertExists(ctx, id)
  const { data, meta } = await activities.list(ctx, { ...query, dealId: id })
  return ok(data, meta)
})
