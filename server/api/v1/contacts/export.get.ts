import { exportCsv } from '~~/server/services/exports'
import { contactExportQuery } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const query = validateQuery(event, contactExportQuery)
  const ctx = await requireRole(event, 'viewer')
  return sendCsv(event, exportCsv(ctx, 'contacts', query))
})
