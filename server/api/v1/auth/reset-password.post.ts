import { FOREIGN_SITE } from '~~/server/openapi/auth'
import { webClient } from '~~/server/openapi/components'
import * as auth from '~~/server/services/auth'
import { resetPasswordInput } from '~~/shared/schemas'
import { signedIn } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'resetPassword',
  tag: 'Auth',
  summary: 'Set a new password with a reset token',
  description: 'Ends every session of the account, lifts the sign-in lock of this device\'s address and signs the user in on it.',
  parameters: [webClient],
  access: 'public',
  body: resetPasswordInput,
  example: { body: { token: 'pr_Vb7kQ2nX9cLr4tHy0mWs6pZe1uJa8dGf3oKiNq5RxTw', password: 'amber-quarry-seventeen-9' } },
  success: { description: 'Password set and signed in.', data: signedIn },
  errors: { 403: FOREIGN_SITE, 400: 'Invalid input, a too common password, or the token is invalid, expired or already used (`details` names `token`).' },
}, async ({ event, body }) => deliverSession(event, await auth.resetPassword(body, sessionClient(event))))
