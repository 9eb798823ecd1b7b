import * as activities from '~~/server/services/activities'
import { activityListQuery } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const query = validateQuery(event, activityListQuery)
  const ctx = await requireRole(event, 'viewer')
  const { data, meta } = await activities.list(ctx, query)
  return ok(data, meta)
})
