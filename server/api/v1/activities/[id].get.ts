import * as activities from '~~/server/services/activities'
import { idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const ctx = await requireRole(event, 'viewer')
  return ok(await activities.get(ctx, id))
})
