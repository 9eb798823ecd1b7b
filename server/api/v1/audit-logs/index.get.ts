import * as audit from '~~/server/services/audit-logs'
import { auditLogListQuery } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const query = validateQuery(event, auditLogListQuery)
  const ctx = await requireRole(event, 'admin')
  const { data, meta } = await audit.list(ctx, query)
  return ok(data, meta)
})
