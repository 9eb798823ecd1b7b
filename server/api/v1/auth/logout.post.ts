import { logoutInput } from '#shared/schemas'
import * as sessions from '~~/server/services/sessions'

// Answers the same for unknown tokens: logging out is no way to test whether a token exists.
// The web app signs out with its cookie instead of a body (guarded like a refresh); its
// cookies are cleared either way.
export default defineEventHandler(async (event) => {
  const input = await validateBody(event, logoutInput.partial())
  let token = input.refreshToken
  if (!token) {
    token = readRefreshCookie(event)
    if (!token && !isWebClient(event)) await validateBody(event, logoutInput) // answers which field is missing
    assertFromApp(event)
  }
  if (token) await sessions.endSession(token)
  if (isWebClient(event)) clearSessionCookies(event)
  return ok({ loggedOut: true })
})
