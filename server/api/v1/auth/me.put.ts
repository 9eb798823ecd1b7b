import { profileUpdate } from '#shared/schemas'
import * as auth from '~~/server/services/auth'

export default defineEventHandler(async (event) => {
  const input = await validateBody(event, profileUpdate)
  const ctx = await requireUser(event)
  return ok(await auth.updateProfile(ctx, input))
})
