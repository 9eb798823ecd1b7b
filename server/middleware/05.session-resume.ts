import { defineEventHandler, getCookie, sendRedirect, setResponseHeader } from 'h3'
import { ACCESS_COOKIE, REFRESH_MARGIN_SECONDS, RESUME_PATH, SESSION_HINT_COOKIE, secondsLeft } from '../../shared/session'
import { isDocumentLoad } from '../utils/page-requests'

/**
 * A page load by a signed-in browser whose access token is missing or about to expire
 * (the tab was closed for more than 15 minutes) is sent through the resume endpoint
 * first, so the page renders signed in instead of showing sign-in or a flash. The
 * refresh cookie itself is not sent to pages (Path=/api/v1/auth); the `pulse.session`
 * cookie says that there is one.
 */
export default defineEventHandler((event) => {
  if (!isDocumentLoad(event) || !getCookie(event, SESSION_HINT_COOKIE)) return
  const path = event.path
  if (secondsLeft(getCookie(event, ACCESS_COOKIE)) > REFRESH_MARGIN_SECONDS) return
  setResponseHeader(event, 'cache-control', 'no-store')
  return sendRedirect(event, `${RESUME_PATH}?redirect=${encodeURIComponent(path)}`, 303)
})
