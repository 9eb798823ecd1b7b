import { exportCsv } from '~~/server/services/exports'
import { companyExportQuery } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const query = validateQuery(event, companyExportQuery)
  const ctx = await requireRole(event, 'viewer')
  return sendCsv(event, exportCsv(ctx, 'companies', query))
})
