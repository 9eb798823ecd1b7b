import { FOREIGN_SITE } from '~~/server/openapi/auth'
import { webClient } from '~~/server/openapi/components'
import * as sessions from '~~/server/services/sessions'
import { refreshInput } from '~~/shared/schemas'
import { sessionTokens } from '~~/shared/schemas/responses'

/**
 * API clients send `{ refreshToken }` and get the new pair in the answer, as always.
 * The web app sends no token but its httpOnly cookie, with `X-Pulse-Client: web` from
 * its own origin (assertFromApp, the CSRF guard); it gets the new access token, and the
 * new refresh token as a cookie. A cookie without that header is refused.
 */
export default defineApiRoute({
  operationId: 'refreshSession',
  tag: 'Auth',
  summary: 'Exchange a refresh token for new tokens',
  description: 'The refresh token is rotated: the answer carries a new one and the old one stops working. Presenting a rotated token again revokes every token of that session (theft detection). The web app sends no body but its refresh cookie, with `X-Pulse-Client: web`.',
  parameters: [webClient],
  access: 'public',
  // Partial: the web app sends no body; without a cookie either the full schema answers which field is missing.
  body: refreshInput.partial(),
  example: { body: { refreshToken: 'rt_3q9XbYx0c8Vt1mKfR2wLp7sNdHe4uJ6gZaQyTo5BkCi' } },
  success: { description: 'New access and refresh tokens.', data: sessionTokens },
  errors: { 403: FOREIGN_SITE, 401: 'The refresh token is unknown, expired, rotated or revoked: sign in again.' },
}, async ({ event, body }) => {
  if (body.refreshToken) return deliverSession(event, await sessions.refreshSession(body.refreshToken, sessionClient(event)))
  const token = readRefreshCookie(event)
  if (!token && !isWebClient(event)) await validateBody(event, refreshInput) // answers which field is missing
  assertFromApp(event)
  try {
    if (!token) throw unauthorized('Your session has expired, please sign in again')
    return deliverSession(event, await sessions.refreshSession(token, sessionClient(event)))
  }
  catch (error) {
    // The cookie can never work again: drop it, so pages stop trying to resume with it.
    if (error instanceof ApiError && error.status === 401) clearSessionCookies(event)
    throw error
  }
})
