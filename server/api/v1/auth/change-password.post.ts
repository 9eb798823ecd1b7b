import { changePasswordInput } from '#shared/schemas'
import * as auth from '~~/server/services/auth'

export default defineEventHandler(async (event) => {
  const input = await validateBody(event, changePasswordInput)
  const ctx = await requireUser(event)
  return ok(await auth.changePassword(ctx, input))
})
