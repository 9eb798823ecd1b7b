import * as mfa from '~~/server/services/mfa'
import { mfaProofInput } from '~~/shared/schemas'
import { recoveryCodes } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'regenerateRecoveryCodes',
  tag: 'Auth',
  summary: 'Replace the recovery codes',
  description: 'Needs the password or a current code. Ten new single-use codes, shown only now; the old ones stop working.',
  access: { user: 'viewer' },
  body: mfaProofInput,
  example: { body: { code: '123456' } },
  success: { description: 'The new recovery codes.', data: recoveryCodes },
  errors: { 400: 'Invalid input, or the password or code is incorrect.', 409: 'No authenticator app is active.' },
}, ({ ctx, body }) => mfa.regenerateRecoveryCodes(ctx, body))
