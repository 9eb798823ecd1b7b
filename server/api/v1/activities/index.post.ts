import * as activities from '~~/server/services/activities'
import { activityCreate } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const ctx = await requireRole(event, 'member')
  return idempotent(event, ctx, async () => {
    const input = await validateBody(event, activityCreate)
    return created(event, await activities.create(ctx, input))
  })
})
