import * as users from '~~/server/services/users'
import { userListQuery } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const query = validateQuery(event, userListQuery)
  const ctx = await requireRole(event, 'viewer')
  const { data, meta } = await users.list(ctx, query)
  return ok(data, meta)
})
