import * as auth from '~~/server/services/auth'
import { session } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'getSession',
  tag: 'Auth',
  summary: 'The signed-in user and organization',
  access: { user: 'viewer' },
  duringMfaEnrolment: true,
  success: { description: 'The signed-in user.', data: session },
}, ({ ctx }) => auth.me(ctx))
