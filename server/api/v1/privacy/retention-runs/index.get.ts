import * as retention from '~~/server/services/privacy/retention'
import { retentionRunListQuery } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const query = validateQuery(event, retentionRunListQuery)
  const ctx = await requireRole(event, 'admin')
  const { data, meta } = await retention.listRuns(ctx, query)
  return ok(data, meta)
})
