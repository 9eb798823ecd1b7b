import * as retention from '~~/server/services/privacy/retention'
import { retentionRunCreate } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const input = await validateBody(event, retentionRunCreate)
  const ctx = await requireUser(event, 'admin')
  return created(event, await retention.runRule(ctx, input))
})
