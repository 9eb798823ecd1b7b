import * as organization from '~~/server/services/organization'
import { mfaPolicyInput } from '~~/shared/schemas'
import { organization as organizationRecord } from '~~/shared/schemas/responses'

// The example keeps the demo organization as it is: the permission suite sends it as every role.
export default defineApiRoute({
  operationId: 'setMfaPolicy',
  tag: 'Organization',
  summary: 'Require a second factor',
  description: 'Owners only. `admins`: owners and admins must have a second factor; `everyone`: all members. Whoever it covers and has none is led to set one up: until then their session may do nothing but that (403 `MFA_ENROLMENT_REQUIRED`). API keys are not affected.',
  access: { user: 'owner' },
  body: mfaPolicyInput,
  example: { body: { policy: 'off' } },
  success: { description: 'The organization with its new policy.', data: organizationRecord },
  errors: { 409: 'You require a second factor without having one yourself.' },
}, ({ ctx, body }) => organization.setMfaPolicy(ctx, body))
