import * as audit from '~~/server/services/audit-logs'
import * as companies from '~~/server/services/companies'
import { historyQuery, idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const query = validateQuery(event, historyQuery)
  const ctx = await requireRole(event, 'viewer')
  await companies.assertExists(ctx, id)
  const { data, meta } = await audit.history(ctx, 'company', id, query)
  return ok(data, meta)
})
