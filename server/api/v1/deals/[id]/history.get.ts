import { dealDocs } from '~~/server/openapi/crud'
import { listQueryParams } from '~~/server/openapi/components'
import * as audit from '~~/server/services/audit-logs'
import * as deals from '~~/server/services/deals'
import { historyQuery, idParams } from '~~/shared/schemas'
import { auditLogRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...dealDocs.history,
  access: 'viewer',
  params: idParams,
  query: listQueryParams(historyQuery),
  success: { description: 'One page of audit entries.', list: auditLogRecord },
}, async ({ ctx, params, query }) => {
  await deals.assertExists(ctx, params.id)
  return audit.history(ctx, 'deal', params.id, query)
})
