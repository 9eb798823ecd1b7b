import { FOREIGN_SITE, LOCKOUT } from '~~/server/openapi/auth'
import { webClient } from '~~/server/openapi/components'
import * as auth from '~~/server/services/auth'
import { mfaVerifyInput } from '~~/shared/schemas'
import { signedIn } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'verifySecondFactor',
  tag: 'Auth',
  summary: 'Finish signing in with the second factor',
  description: 'Answers the `challenge` of `POST /auth/login` with the authenticator app\'s current code (each code works once) or a recovery code (used up, and the person is told by mail). Only then are the session\'s tokens issued. Five wrong codes in a row lock this step for the person (30 s, doubling up to 15 min).',
  parameters: [webClient],
  access: 'public',
  body: mfaVerifyInput,
  example: { body: { challenge: 'eyJhbGciOiJIUzI1NiIsInR5cCI6Im1mYS1jaGFsbGVuZ2Urand0In0.e30.c2lnbmF0dXJl', code: '123456' } },
  success: { description: 'Signed in.', data: signedIn },
  errors: {
    400: 'Invalid input; `code` incorrect or already used; or `challenge` expired or void (sign in with the password again).',
    403: FOREIGN_SITE,
    429: LOCKOUT,
  },
}, async ({ event, body }) => deliverSession(event, await auth.verifySecondFactor(body, sessionClient(event))))
