import { FOREIGN_SITE, LOCKOUT } from '~~/server/openapi/auth'
import { webClient } from '~~/server/openapi/components'
import * as auth from '~~/server/services/auth'
import { loginInput } from '~~/shared/schemas'
import { loginAnswer } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'login',
  tag: 'Auth',
  summary: 'Sign in with email and password',
  parameters: [webClient],
  access: 'public',
  body: loginInput,
  example: { body: { email: 'ada.lovelace@example.com', password: 'violet-harbor-lantern-42' } },
  description: 'For a person with a second factor the answer is no session but `{ mfaRequired: true, challenge }`: send the challenge with a code to `POST /auth/mfa/verify` within 5 minutes.',
  success: { description: 'Signed in, or the second factor is asked next.', data: loginAnswer },
  errors: { 403: FOREIGN_SITE, 401: 'Email or password is incorrect (the same answer for an unknown email).', 429: LOCKOUT },
}, async ({ event, body }) => {
  const answer = await auth.login(body, sessionClient(event))
  return 'mfaRequired' in answer ? answer : deliverSession(event, answer)
})
