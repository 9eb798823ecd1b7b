import { exportCsv } from '~~/server/services/exports'
import { dealExportQuery } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const query = validateQuery(event, dealExportQuery)
  const ctx = await requireRole(event, 'viewer')
  return sendCsv(event, exportCsv(ctx, 'deals', query))
})
