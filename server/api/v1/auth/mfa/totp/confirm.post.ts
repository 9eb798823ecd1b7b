import * as mfa from '~~/server/services/mfa'
import { mfaConfirmInput } from '~~/shared/schemas'
import { recoveryCodes } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'confirmTotpEnrolment',
  tag: 'Auth',
  summary: 'Activate the authenticator app with a current code',
  description: 'From now on signing in asks for a code. Answers ten single-use recovery codes, shown only now; the person is told by mail.',
  access: { user: 'viewer' },
  duringMfaEnrolment: true,
  body: mfaConfirmInput,
  example: { body: { code: '123456' } },
  success: { description: 'Active; the recovery codes.', data: recoveryCodes },
  errors: { 400: 'Invalid input, or the code is incorrect or was already used.', 409: 'No enrolment was begun, or the app is already active.' },
}, ({ ctx, body }) => mfa.confirmTotp(ctx, body.code))
