import { FOREIGN_SITE } from '~~/server/openapi/auth'
import { webClient } from '~~/server/openapi/components'
import * as auth from '~~/server/services/auth'
import { registerInput } from '~~/shared/schemas'
import { signedIn } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'register',
  tag: 'Auth',
  summary: 'Sign up: create an organization and its owner',
  description: 'Creates the organization with a default sales pipeline, makes the caller its owner and signs them in. The language comes from the `pulse_locale` cookie or `Accept-Language` (German by default). Passwords must have 8–256 characters and not be a common password.',
  parameters: [webClient],
  access: 'public',
  body: registerInput,
  example: { body: { organizationName: 'Lovelace Analytics GmbH', name: 'Ada Lovelace', email: 'ada.lovelace@example.com', password: 'violet-harbor-lantern-42' } },
  success: { status: 201, description: 'Signed up and signed in.', data: signedIn },
  errors: { 403: FOREIGN_SITE, 409: 'This email address cannot be used to create an account.' },
}, async ({ event, body }) => {
  const locale = auth.preferredLocale(getCookie(event, 'pulse_locale'), getHeader(event, 'accept-language'))
  return deliverSession(event, await auth.register(body, { ...sessionClient(event), locale }))
})
