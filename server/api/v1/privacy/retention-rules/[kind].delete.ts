import * as retention from '~~/server/services/privacy/retention'
import { retentionKindParams } from '~~/shared/schemas'
import { removed } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'deleteRetentionRule',
  tag: 'Privacy',
  summary: 'Remove the rule of one kind',
  access: { user: 'admin' },
  params: retentionKindParams,
  success: { description: 'Removed.', data: removed },
  errors: { 404: 'No rule of this kind.' },
}, ({ ctx, params }) => retention.removeRule(ctx, params.kind))
