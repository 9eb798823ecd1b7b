import * as retention from '~~/server/services/privacy/retention'
import { retentionKindParams, retentionRuleUpsert } from '~~/shared/schemas'
import { retentionRule } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'putRetentionRule',
  tag: 'Privacy',
  summary: 'Create or change the rule of one kind',
  description: '`contacts_inactive` erases contacts with no activity, deal change or consent entry for `months`; `activities_completed` deletes activities completed more than `months` ago. An enabled rule runs once a day (a new one first a day after it was made).',
  access: { user: 'admin' },
  params: retentionKindParams,
  body: retentionRuleUpsert,
  // A disabled rule with the longest period: it never runs.
  example: { body: { months: 240, enabled: false } },
  success: { description: 'The rule.', data: retentionRule },
}, ({ ctx, params, body }) => retention.upsertRule(ctx, params.kind, body))
