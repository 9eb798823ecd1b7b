import * as members from '~~/server/services/members'
import { memberListQuery } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const query = validateQuery(event, memberListQuery)
  const ctx = await requireRole(event, 'viewer')
  const { data, meta } = await members.list(ctx, query)
  return ok(data, meta)
})
