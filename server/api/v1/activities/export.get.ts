import { exportCsv } from '~~/server/services/exports'
import { activityExportQuery } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const query = validateQuery(event, activityExportQuery)
  const ctx = await requireRole(event, 'viewer')
  return sendCsv(event, exportCsv(ctx, 'activities', query))
})
