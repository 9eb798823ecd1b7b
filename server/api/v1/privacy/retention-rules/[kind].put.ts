import * as retention from '~~/server/services/privacy/retention'
import { retentionKindParams, retentionRuleUpsert } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { kind } = validateParams(event, retentionKindParams)
  const input = await validateBody(event, retentionRuleUpsert)
  const ctx = await requireUser(event, 'admin')
  return ok(await retention.upsertRule(ctx, kind, input))
})
