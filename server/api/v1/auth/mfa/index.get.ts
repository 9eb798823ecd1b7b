import * as mfa from '~~/server/services/mfa'
import { mfaStatus } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'getSecondFactor',
  tag: 'Auth',
  summary: 'Your second factor',
  description: 'Whether an authenticator app is set up (or its enrolment begun) and how many recovery codes are left. Secrets are never answered.',
  access: { user: 'viewer' },
  duringMfaEnrolment: true,
  success: { description: 'The second factor of the signed-in person.', data: mfaStatus },
}, ({ ctx }) => mfa.status(ctx))
