import { FOREIGN_SITE } from '~~/server/openapi/auth'
import { webClient } from '~~/server/openapi/components'
import * as sessions from '~~/server/services/sessions'
import { logoutInput } from '~~/shared/schemas'
import { loggedOut } from '~~/shared/schemas/responses'

// Answers the same for unknown tokens: logging out is no way to test whether a token exists.
// The web app signs out with its cookie instead of a body (guarded like a refresh); its
// cookies are cleared either way.
export default defineApiRoute({
  operationId: 'logout',
  tag: 'Auth',
  summary: 'Sign out this device',
  description: 'Revokes the session the refresh token belongs to. Unknown tokens answer the same, so this cannot test whether a token exists. Access tokens already issued stay valid until they expire (15 min). The web app sends no body but its refresh cookie, with `X-Pulse-Client: web`, and has its cookies cleared.',
  parameters: [webClient],
  access: 'public',
  // Partial: the web app sends no body; without a cookie either the full schema answers which field is missing.
  body: logoutInput.partial(),
  example: { body: { refreshToken: 'rt_3q9XbYx0c8Vt1mKfR2wLp7sNdHe4uJ6gZaQyTo5BkCi' } },
  success: { description: 'Signed out.', data: loggedOut },
  errors: { 403: FOREIGN_SITE },
}, async ({ event, body }) => {
  let token = body.refreshToken
  if (!token) {
    token = readRefreshCookie(event)
    if (!token && !isWebClient(event)) await validateBody(event, logoutInput) // answers which field is missing
    assertFromApp(event)
  }
  if (token) await sessions.endSession(token)
  if (isWebClient(event)) clearSessionCookies(event)
  return { loggedOut: true }
})
