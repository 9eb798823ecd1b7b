import * as retention from '~~/server/services/privacy/retention'
import { retentionRule } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'listRetentionRules',
  tag: 'Privacy',
  summary: 'The retention rules (Löschkonzept)',
  access: 'admin',
  success: { description: 'At most one rule per kind.', data: retentionRule.array() },
}, ({ ctx }) => retention.listRules(ctx))
