import * as search from '~~/server/services/search'
import { searchQuery } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const query = validateQuery(event, searchQuery)
  const ctx = await requireRole(event, 'viewer')
  return ok(await search.search(ctx, query))
})
