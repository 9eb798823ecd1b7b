import * as audit from '~~/server/services/audit-logs'
import * as pipelines from '~~/server/services/pipelines'
import { historyQuery, idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const query = validateQuery(event, historyQuery)
  const ctx = await requireRole(event, 'viewer')
  await pipelines.assertExists(ctx, id)
  const { data, meta } = await audit.history(ctx, 'pipeline', id, query)
  return ok(data, meta)
})
