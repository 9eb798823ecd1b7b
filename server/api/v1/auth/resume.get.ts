import { z } from 'zod'
import * as sessions from '~~/server/services/sessions'
import { safeRedirect } from '~~/shared/session'

/**
 * A page load whose access token has expired lands here (server/middleware/05.session-resume.ts),
 * because only requests under /api/v1/auth carry the refresh cookie. The cookie is rotated,
 * the new tokens set as cookies, and the browser sent back to the page, which then renders
 * signed in. When the cookie no longer works, the cookies are cleared and the page decides
 * (sign-in for pages that need it). Only top-level navigations may do this: a cross-site
 * link may (that is why the cookies are Lax), an image or a fetch may not.
 */
export default defineApiRoute({
  operationId: 'resumeSession',
  tag: 'Auth',
  summary: 'Resume the web app\'s session on a page load',
  description: 'For the Pulse web app, not for API clients: a page load whose access token has expired is sent here, the refresh cookie is rotated into new session cookies, and the browser is sent back to `redirect` (also when the cookie no longer works; the cookies are then cleared). Only top-level navigations may call it.',
  access: 'public',
  query: z.object({
    // A `redirect` that is not one string (repeated, say) is no reason to strand the browser
    // on an error: it is dropped, and safeRedirect sends the page to `/`.
    redirect: z.string().optional().catch(undefined).meta({ description: 'A path on this site to return to; anything else becomes `/`.', example: '/deals' }),
  }),
  success: { status: 303, description: 'Back to the page, with fresh session cookies or none.' },
  errors: { 403: 'Not a page load (`Sec-Fetch-Mode` other than `navigate`).' },
}, async ({ event, query }) => {
  const target = safeRedirect(query.redirect)
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
