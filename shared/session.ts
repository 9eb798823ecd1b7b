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

/** An origin no request ever has: a value resolved against it that keeps it names a place on this site. */
const PROBE_ORIGIN = 'http://pulse.invalid'

/**
 * A path, query and hash on this site taken from an untrusted value (a `redirect` or
 * `from` parameter), or `undefined` when the value would lead elsewhere. Decided by the
 * URL parser a browser uses, not by prefixes: it drops tabs, newlines and leading
 * control characters and reads `\` as `/`, so `"/\t/evil.example"` or `"\x01//evil"` would
 * slip past a prefix check and then leave the site. The answer is the parser's own
 * serialisation, percent-encoded ASCII, so it is also safe in a `Location` header.
 */
export function localPath(wanted: unknown): string | undefined {
  if (typeof wanted !== 'string') return undefined
  let url: URL
  try {
    url = new URL(wanted, `${PROBE_ORIGIN}/`)
  }
  catch {
    return undefined
  }
  if (url.origin !== PROBE_ORIGIN || url.username || url.password) return undefined
  return `${url.pathname}${url.search}${url.hash}`
}

/** Where to send the browser back to after sign-in or a session resume: a path on this site, else `/`. */
export function safeRedirect(wanted: unknown): string {
  return localPath(wanted) ?? '/'
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
