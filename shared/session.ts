/**
 * How the web app keeps its session in the browser; the server and the app read the
 * same names (README, "Security").
 *
 * - The access token (15 minutes) lives in `pulse.access`, a cookie JavaScript can read:
 *   the app sends it as a Bearer header, and the server-side render reads it. No cookie
 *   ever authenticates an API call by itself.
 * - The refresh token lives in `pulse.refresh`: httpOnly, sent only to `/api/v1/auth`,
 *   set and cleared by the server. JavaScript never sees it.
 * - `pulse.session` holds no secret: it tells the server-side render that a refresh
 *   cookie exists, which a page request cannot see because of that cookie's path.
 */
export const ACCESS_COOKIE = 'pulse.access'
export const REFRESH_COOKIE = 'pulse.refresh'
export const REFRESH_COOKIE_PATH = '/api/v1/auth'
export const SESSION_HINT_COOKIE = 'pulse.session'

/**
 * The web app sends this header (value `web`) on its API calls. On the session
 * endpoints it asks for the refresh token as a cookie instead of in the answer, and
 * it is what lets a refresh or sign-out use that cookie: a page on another origin
 * cannot send it without a CORS preflight, which the API refuses.
 */
export const WEB_CLIENT_HEADER = 'x-pulse-client'
export const WEB_CLIENT = 'web'

/**
 * An access token is renewed when it has less than this left: the app refreshes this
 * early, and a page is rendered on the server only with a token that lives this long.
 */
export const REFRESH_MARGIN_SECONDS = 60

/** Where the browser goes to turn its refresh cookie into a fresh access token during a page load. */
export const RESUME_PATH = '/api/v1/auth/resume'

/** A path on this site to return to: "//host" or "/\\host" would leave it; anything else becomes `/`. */
export function safeRedirect(wanted: unknown): string {
  return typeof wanted === 'string' && /^\/(?![/\\])/.test(wanted) && !/[\r\n]/.test(wanted) ? wanted : '/'
}

/**
 * Seconds until an access token expires, read from its `exp` claim without checking
 * the signature (only the server can do that), or -1 when it cannot be read. For
 * deciding when to refresh, never for trusting the token.
 */
export function secondsLeft(token: string | null | undefined, now = Date.now()): number {
  const payload = token?.replace(/^Bearer\s+/i, '').split('.')[1]
  if (!payload) return -1
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/')
    const json = new TextDecoder().decode(Uint8Array.from(atob(base64), c => c.charCodeAt(0)))
    const exp = (JSON.parse(json) as { exp?: unknown }).exp
    return typeof exp === 'number' && Number.isFinite(exp) ? exp - now / 1000 : -1
  }
  catch {
    return -1
  }
}
