import * as activities from '~~/server/services/activities'
import { activityUpdate, idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const ctx = await requireRole(event, 'member')
  const input = await validateBody(event, activityUpdate)
  return ok(await activities.update(ctx, id, input))
})
