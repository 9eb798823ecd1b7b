import * as auth from '~~/server/services/auth'
import { forgotPasswordInput } from '~~/shared/schemas'
import { resetMailRequested } from '~~/shared/schemas/responses'

// 202 whether or not the email has an account; the mail is sent after the answer, so
// its duration does not tell either.
export default defineApiRoute({
  operationId: 'requestPasswordReset',
  tag: 'Auth',
  summary: 'Mail a password reset link',
  description: 'Answers 202 whether or not the address has an account. A link is valid for one hour and works once; at most three are sent per account and hour.',
  access: 'public',
  body: forgotPasswordInput,
  example: { body: { email: 'ada.lovelace@example.com' } },
  success: { status: 202, description: 'Accepted.', data: resetMailRequested },
}, async ({ event, body }) => {
  const { delivery } = await auth.requestPasswordReset(body, requestOrigin(event))
  event.waitUntil(delivery)
  return { sent: true }
})
