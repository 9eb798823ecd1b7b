import * as mfa from '~~/server/services/mfa'
import { totpEnrolment } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'beginTotpEnrolment',
  tag: 'Auth',
  summary: 'Begin setting up an authenticator app',
  description: 'A new TOTP secret (RFC 6238: SHA-1, 6 digits, 30 s), its `otpauth://` URI and the QR code as SVG, made on this server. It is shown this once and stays inactive until `POST /auth/mfa/totp/confirm` with a current code; beginning again replaces an unconfirmed secret.',
  access: { user: 'viewer' },
  duringMfaEnrolment: true,
  success: { status: 201, description: 'The secret to put into the app.', data: totpEnrolment },
  errors: { 409: 'An authenticator app is already active: turn it off first.' },
}, ({ ctx }) => mfa.beginTotp(ctx))
