import { safeRedirect } from '#shared/session'
import * as sessions from '~~/server/services/sessions'

/**
 * A page load whose access token has expired lands here (server/middleware/05.session-resume.ts),
 * because only requests under /api/v1/auth carry the refresh cookie. The cookie is rotated,
 * the new tokens set as cookies, and the browser sent back to the page, which then renders
 * signed in. When the cookie no longer works, the cookies are cleared and the page decides
 * (sign-in for pages that need it). Only top-level navigations may do this: a cross-site
 * link may (that is why the cookies are Lax), an image or a fetch may not.
 */
export default defineEventHandler(async (event) => {
  const target = safeRedirect(getQuery(event).redirect)
  const mode = getRequestHeader(event, 'sec-fetch-mode')
  if (mode && mode !== 'navigate') throw forbidden('Only a page load may resume a session')
  const token = readRefreshCookie(event)
  if (token) {
    try {
      setSessionCookies(event, await sessions.refreshSession(token, { ...requestOrigin(event), browser: true }))
      return sendRedirect(event, target, 303)
    }
    catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error
    }
  }
  clearSessionCookies(event)
  return sendRedirect(event, target, 303)
})
