import * as auth from '~~/server/services/auth'
import { profileUpdate } from '~~/shared/schemas'
import { session } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'updateProfile',
  tag: 'Auth',
  summary: 'Change your own name, language or time zone',
  description: 'Fields not sent stay unchanged. `locale` is the language of the interface and of mails to you (the morning digest, notifications); `timeZone` (IANA, e.g. `Europe/Berlin`, or `null` for the organization\'s) decides how times are shown and when the digest arrives. An unknown zone answers 400. Answers like `GET /api/v1/auth/me`.',
  access: { user: 'viewer' },
  body: profileUpdate,
  example: { body: { name: 'Ada Lovelace', locale: 'en', timeZone: 'Europe/Berlin' } },
  success: { description: 'The updated profile.', data: session },
}, ({ ctx, body }) => auth.updateProfile(ctx, body))
