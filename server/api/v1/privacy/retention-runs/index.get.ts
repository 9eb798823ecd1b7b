import { listQueryParams } from '~~/server/openapi/components'
import * as retention from '~~/server/services/privacy/retention'
import { retentionRunListQuery } from '~~/shared/schemas'
import { retentionRun } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'listRetentionRuns',
  tag: 'Privacy',
  summary: 'Every retention run, newest first',
  access: 'admin',
  query: listQueryParams(retentionRunListQuery),
  success: { description: 'One page of runs.', list: retentionRun },
}, ({ ctx, query }) => retention.listRuns(ctx, query))
