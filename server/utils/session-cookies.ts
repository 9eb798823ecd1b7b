import type { H3Event } from 'h3'
import { deleteCookie, getCookie, getRequestHeader, getRequestHost, setCookie, setResponseHeader } from 'h3'
import {
  ACCESS_COOKIE, REFRESH_COOKIE, REFRESH_COOKIE_PATH, SESSION_HINT_COOKIE, WEB_CLIENT, WEB_CLIENT_HEADER,
} from '../../shared/session'
import { forbidden } from './api'
import { requestOrigin, type RequestOrigin, type SessionClient } from './auth'
import { serverEnv } from './env'
import { REFRESH_TOKEN_TTL_SECONDS, type SessionTokens } from './jwt'

// The browser's session cookies (names and reasons in shared/session.ts and the README's
// "Security"). Only the session endpoints under /api/v1/auth read or write them; every
// other API call is authenticated by its Bearer header alone.

const NOT_FROM_APP = 'The session cookie is accepted only from the app\'s own pages'

/** The web app asked for its session in cookies (`X-Pulse-Client: web`). */
export function isWebClient(event: H3Event): boolean {
  return getRequestHeader(event, WEB_CLIENT_HEADER) === WEB_CLIENT
}

/**
 * The CSRF guard for requests that use or set the session cookies. They must carry the
 * web-client header, which a page on another origin cannot send without a CORS preflight
 * (refused: the API allows no such header cross-origin, and never credentials); and what
 * the browser says about the request's origin must be this site: `Origin` the app's own
 * (APP_URL, or the host the request was sent to) and `Sec-Fetch-Site` same-origin. Clients
 * that are not browsers send neither, and cannot be made to send a victim's cookie.
 */
export function assertFromApp(event: H3Event): void {
  if (!isWebClient(event)) throw forbidden(NOT_FROM_APP)
  const site = getRequestHeader(event, 'sec-fetch-site')
  if (site && site !== 'same-origin') throw forbidden(NOT_FROM_APP)
  const origin = getRequestHeader(event, 'origin')
  if (origin !== undefined && !isOwnOrigin(origin, event)) throw forbidden(NOT_FROM_APP)
}

function isOwnOrigin(origin: string, event: H3Event): boolean {
  let url: URL
  try {
    url = new URL(origin)
  }
  catch {
    return false // also the opaque "null" origin of sandboxed frames and some redirects
  }
  if (url.origin === new URL(serverEnv().APP_URL).origin) return true
  // Behind a proxy that keeps the Host header, or when APP_URL is not set (tests, one machine).
  // The scheme is not compared: TLS usually ends at the proxy, and HSTS keeps browsers on https.
  return url.host === getRequestHost(event, { xForwardedHost: false })
}

/**
 * Who a session is started for: the request's address and user agent, and whether it is
 * the web app (then guarded by assertFromApp, and given a browser refresh token).
 */
export function sessionClient(event: H3Event): RequestOrigin & SessionClient {
  const browser = isWebClient(event)
  if (browser) assertFromApp(event)
  return { ...requestOrigin(event), browser }
}

/**
 * The answer of an endpoint that starts or renews a session. For the web app the refresh
 * token goes into the httpOnly cookie and is left out of the body, so no script on the
 * page ever holds it; API clients get the body as it always was.
 */
export function deliverSession<T extends SessionTokens>(event: H3Event, session: T): T | Omit<T, 'refreshToken'> {
  if (!isWebClient(event)) return session
  setSessionCookies(event, session)
  const { refreshToken: _kept, ...rest } = session
  return rest
}

/** The refresh token the browser sent in its cookie, if any. */
export function readRefreshCookie(event: H3Event): string | undefined {
  return getCookie(event, REFRESH_COOKIE) || undefined
}

const secure = () => serverEnv().NODE_ENV === 'production'

/**
 * Lax, not Strict: a link from a mail or a chat is a cross-site navigation, and a Strict
 * cookie would be withheld from it and from the resume redirect it leads to, so the page
 * would open signed out. Lax still withholds the cookies from cross-site POSTs and from
 * cross-site subresource requests; assertFromApp guards the rest.
 */
export function setSessionCookies(event: H3Event, tokens: Pick<SessionTokens, 'accessToken' | 'refreshToken' | 'expiresIn'>): void {
  const common = { secure: secure(), sameSite: 'lax' as const }
  setCookie(event, REFRESH_COOKIE, tokens.refreshToken, { ...common, httpOnly: true, path: REFRESH_COOKIE_PATH, maxAge: REFRESH_TOKEN_TTL_SECONDS })
  setCookie(event, SESSION_HINT_COOKIE, '1', { ...common, httpOnly: true, path: '/', maxAge: REFRESH_TOKEN_TTL_SECONDS })
  // Readable by the app, as @sidebase/nuxt-auth keeps it (nuxt.config.ts: auth.provider.token).
  setCookie(event, ACCESS_COOKIE, tokens.accessToken, { ...common, path: '/', maxAge: tokens.expiresIn })
  setResponseHeader(event, 'cache-control', 'no-store')
}

export function clearSessionCookies(event: H3Event): void {
  const common = { secure: secure(), sameSite: 'lax' as const }
  deleteCookie(event, REFRESH_COOKIE, { ...common, httpOnly: true, path: REFRESH_COOKIE_PATH })
  deleteCookie(event, SESSION_HINT_COOKIE, { ...common, httpOnly: true, path: '/' })
  deleteCookie(event, ACCESS_COOKIE, { ...common, path: '/' })
  setResponseHeader(event, 'cache-control', 'no-store')
}
