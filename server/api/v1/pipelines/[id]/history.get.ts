import { pipelineDocs } from '~~/server/openapi/crud'
import { listQueryParams } from '~~/server/openapi/components'
import * as audit from '~~/server/services/audit-logs'
import * as pipelines from '~~/server/services/pipelines'
import { historyQuery, idParams } from '~~/shared/schemas'
import { auditLogRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...pipelineDocs.history,
  access: 'viewer',
  params: idParams,
  query: listQueryParams(historyQuery),
  success: { description: 'One page of audit entries.', list: auditLogRecord },
}, async ({ ctx, params, query }) => {
  await pipelines.assertExists(ctx, params.id)
  return audit.history(ctx, 'pipeline', params.id, query)
})
