import * as audit from '~~/server/services/audit-logs'
import * as contacts from '~~/server/services/contacts'
import { historyQuery, idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const query = validateQuery(event, historyQuery)
  const ctx = await requireRole(event, 'viewer')
  await contacts.assertExists(ctx, id)
  const { data, meta } = await audit.history(ctx, 'contact', id, query)
  return ok(data, meta)
})
