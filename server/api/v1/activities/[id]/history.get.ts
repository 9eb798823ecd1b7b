import { activityDocs } from '~~/server/openapi/crud'
import { listQueryParams } from '~~/server/openapi/components'
import * as audit from '~~/server/services/audit-logs'
import * as activities from '~~/server/services/activities'
import { historyQuery, idParams } from '~~/shared/schemas'
import { auditLogRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...activityDocs.history,
  access: 'viewer',
  params: idParams,
  query: listQueryParams(historyQuery),
  success: { description: 'One page of audit entries.', list: auditLogRecord },
}, async ({ ctx, params, query }) => {
  await activities.assertExists(ctx, params.id)
  return audit.history(ctx, 'activity', params.id, query)
})
