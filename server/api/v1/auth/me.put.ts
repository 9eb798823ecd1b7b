import * as auth from '~~/server/services/auth'
import { profileUpdate } from '~~/shared/schemas'
import { session } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'updateProfile',
  tag: 'Auth',
  summary: 'Change your own name or language',
  description: 'Fields not sent stay unchanged. Answers like `GET /api/v1/auth/me`.',
  access: { user: 'viewer' },
  body: profileUpdate,
  example: { body: { name: 'Ada Lovelace', locale: 'en' } },
  success: { description: 'The updated profile.', data: session },
}, ({ ctx, body }) => auth.updateProfile(ctx, body))
