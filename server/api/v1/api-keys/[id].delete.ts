import * as apiKeys from '~~/server/services/api-keys'
import { idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const ctx = await requireUser(event, 'admin')
  return ok(await apiKeys.revoke(ctx, id))
})
