import * as audit from '~~/server/services/audit-logs'
import * as activities from '~~/server/services/activities'
import { historyQuery, idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const query = validateQuery(event, historyQuery)
  const ctx = await requireRole(event, 'viewer')
  await activities.assertExists(ctx, id)
  const { data, meta } = await audit.history(ctx, 'activity', id, query)
  return ok(data, meta)
})
