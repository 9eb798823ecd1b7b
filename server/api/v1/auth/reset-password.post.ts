import { resetPasswordInput } from '#shared/schemas'
import * as auth from '~~/server/services/auth'

export default defineEventHandler(async (event) => {
  const input = await validateBody(event, resetPasswordInput)
  return ok(deliverSession(event, await auth.resetPassword(input, sessionClient(event))))
})
