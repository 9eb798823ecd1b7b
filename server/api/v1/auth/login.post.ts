import { FOREIGN_SITE, LOCKOUT } from '~~/server/openapi/auth'
import { webClient } from '~~/server/openapi/components'
import * as auth from '~~/server/services/auth'
import { loginInput } from '~~/shared/schemas'
import { signedIn } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'login',
  tag: 'Auth',
  summary: 'Sign in with email and password',
  parameters: [webClient],
  access: 'public',
  body: loginInput,
  example: { body: { email: 'ada.lovelace@example.com', password: 'violet-harbor-lantern-42' } },
  success: { description: 'Signed in.', data: signedIn },
  errors: { 403: FOREIGN_SITE, 401: 'Email or password is incorrect (the same answer for an unknown email).', 429: LOCKOUT },
}, async ({ event, body }) => deliverSession(event, await auth.login(body, sessionClient(event))))
