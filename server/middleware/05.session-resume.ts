import { defineEventHandler, getCookie, getRequestHeader, sendRedirect, setResponseHeader } from 'h3'
import { ACCESS_COOKIE, REFRESH_MARGIN_SECONDS, RESUME_PATH, SESSION_HINT_COOKIE, secondsLeft } from '../../shared/session'

/**
 * A page load by a signed-in browser whose access token is missing or about to expire
 * (the tab was closed for more than 15 minutes) is sent through the resume endpoint
 * first, so the page renders signed in instead of showing sign-in or a flash. The
 * refresh cookie itself is not sent to pages (Path=/api/v1/auth); the `pulse.session`
 * cookie says that there is one.
 */
export default defineEventHandler((event) => {
  if (event.method !== 'GET' && event.method !== 'HEAD') return
  const path = event.path
  if (path === '/api' || path.startsWith('/api/') || path.startsWith('/_') || path.startsWith('/__')) return
  if (!isPageLoad(event) || !getCookie(event, SESSION_HINT_COOKIE)) return
  if (secondsLeft(getCookie(event, ACCESS_COOKIE)) > REFRESH_MARGIN_SECONDS) return
  setResponseHeader(event, 'cache-control', 'no-store')
  return sendRedirect(event, `${RESUME_PATH}?redirect=${encodeURIComponent(path)}`, 303)
})

function isPageLoad(event: Parameters<typeof getCookie>[0]): boolean {
  const dest = getRequestHeader(event, 'sec-fetch-dest')
  if (dest) return dest === 'document'
  return (getRequestHeader(event, 'accept') ?? '').includes('text/html')
}
