import { companyDocs } from '~~/server/openapi/crud'
import { listQueryParams } from '~~/server/openapi/components'
import * as audit from '~~/server/services/audit-logs'
import * as companies from '~~/server/services/companies'
import { historyQuery, idParams } from '~~/shared/schemas'
import { auditLogRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...companyDocs.history,
  access: 'viewer',
  params: idParams,
  query: listQueryParams(historyQuery),
  success: { description: 'One page of audit entries.', list: auditLogRecord },
}, async ({ ctx, params, query }) => {
  await companies.assertExists(ctx, params.id)
  return audit.history(ctx, 'company', params.id, query)
})
