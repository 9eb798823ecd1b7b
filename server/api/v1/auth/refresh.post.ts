import { refreshInput } from '#shared/schemas'
import * as sessions from '~~/server/services/sessions'

/**
 * API clients send `{ refreshToken }` and get the new pair in the answer, as always.
 * The web app sends no token but its httpOnly cookie, with `X-Pulse-Client: web` from
 * its own origin (assertFromApp, the CSRF guard); it gets the new access token, and the
 * new refresh token as a cookie. A cookie without that header is refused.
 */
export default defineEventHandler(async (event) => {
  const input = await validateBody(event, refreshInput.partial())
  if (input.refreshToken) {
    return ok(deliverSession(event, await sessions.refreshSession(input.refreshToken, sessionClient(event))))
  }
  const token = readRefreshCookie(event)
  if (!token && !isWebClient(event)) await validateBody(event, refreshInput) // answers which field is missing
  assertFromApp(event)
  try {
    if (!token) throw unauthorized('Your session has expired, please sign in again')
    return ok(deliverSession(event, await sessions.refreshSession(token, sessionClient(event))))
  }
  catch (error) {
    // The cookie can never work again: drop it, so pages stop trying to resume with it.
    if (error instanceof ApiError && error.status === 401) clearSessionCookies(event)
    throw error
  }
})
