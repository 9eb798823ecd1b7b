import * as apiKeys from '~~/server/services/api-keys'
import { apiKeyListQuery } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const query = validateQuery(event, apiKeyListQuery)
  const ctx = await requireUser(event, 'admin')
  const { data, meta } = await apiKeys.list(ctx, query)
  return ok(data, meta)
})
