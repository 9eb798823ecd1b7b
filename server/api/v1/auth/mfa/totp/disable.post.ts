import * as mfa from '~~/server/services/mfa'
import { mfaProofInput } from '~~/shared/schemas'
import { mfaStatus } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'disableTotp',
  tag: 'Auth',
  summary: 'Remove the authenticator app',
  description: 'Needs the password or a current code. Removes the app and the recovery codes; signing in then asks for the password only. The person is told by mail.',
  access: { user: 'viewer' },
  body: mfaProofInput,
  example: { body: { password: 'violet-harbor-lantern-42' } },
  success: { description: 'Removed.', data: mfaStatus.pick({ totp: true }) },
  errors: { 400: 'Invalid input, or the password or code is incorrect.', 409: 'No authenticator app is set up.' },
}, ({ ctx, body }) => mfa.disableTotp(ctx, body))
