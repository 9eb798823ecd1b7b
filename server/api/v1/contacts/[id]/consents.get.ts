import * as consents from '~~/server/services/privacy/consents'
import { idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const ctx = await requireRole(event, 'viewer')
  return ok(await consents.list(ctx, id))
})
