import * as retention from '~~/server/services/privacy/retention'
import { retentionKindParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { kind } = validateParams(event, retentionKindParams)
  const ctx = await requireUser(event, 'admin')
  return ok(await retention.removeRule(ctx, kind))
})
