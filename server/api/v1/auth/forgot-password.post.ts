import { forgotPasswordInput } from '#shared/schemas'
import * as auth from '~~/server/services/auth'

// 202 whether or not the email has an account; the mail is sent after the answer, so
// its duration does not tell either.
export default defineEventHandler(async (event) => {
  const input = await validateBody(event, forgotPasswordInput)
  const { delivery } = await auth.requestPasswordReset(input, requestOrigin(event))
  event.waitUntil(delivery)
  setResponseStatus(event, 202)
  return ok({ sent: true })
})
