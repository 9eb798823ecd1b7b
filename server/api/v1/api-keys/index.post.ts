import * as apiKeys from '~~/server/services/api-keys'
import { apiKeyCreate } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const input = await validateBody(event, apiKeyCreate)
  const ctx = await requireUser(event, 'admin')
  return created(event, await apiKeys.create(ctx, input))
})
