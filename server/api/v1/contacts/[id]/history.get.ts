import { contactDocs } from '~~/server/openapi/crud'
import { listQueryParams } from '~~/server/openapi/components'
import * as audit from '~~/server/services/audit-logs'
import * as contacts from '~~/server/services/contacts'
import { historyQuery, idParams } from '~~/shared/schemas'
import { auditLogRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...contactDocs.history,
  access: 'viewer',
  params: idParams,
  query: listQueryParams(historyQuery),
  success: { description: 'One page of audit entries.', list: auditLogRecord },
}, async ({ ctx, params, query }) => {
  await contacts.assertExists(ctx, params.id)
  return audit.history(ctx, 'contact', params.id, query)
})
