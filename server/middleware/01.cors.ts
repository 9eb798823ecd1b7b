import { appendResponseHeader, defineEventHandler, getRequestHeader, sendNoContent, setResponseHeader } from 'h3'
import { ApiError } from '../utils/api'
import { serverEnv } from '../utils/env'

// CORS for /api from CORS_ORIGINS, read at start (nuxt-security's handler is fixed at build time).
// Bearer tokens, not cookies, authenticate the API: credentials are never allowed cross-origin.
const ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE'
// Never X-Pulse-Client: it is what lets the app's own pages use the session cookies (session-cookies.ts).
const ALLOW_HEADERS = 'Authorization, Content-Type'
const EXPOSE_HEADERS = 'RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy, Retry-After'
const PREFLIGHT_MAX_AGE_SECONDS = 600

let allowed: Set<string> | undefined

/** CORS_ORIGINS as serialized origins (`https://crm.example.com`); an entry that is no origin is skipped with a warning. */
function allowedOrigins(): Set<string> {
  if (allowed) return allowed
  allowed = new Set()
  for (const entry of serverEnv().CORS_ORIGINS) {
    try {
      allowed.add(new URL(entry).origin)
    }
    catch {
      console.warn(`[cors] CORS_ORIGINS entry "${entry}" is not an origin (https://host[:port]); ignored`)
    }
  }
  return allowed
}

export default defineEventHandler((event) => {
  const path = event.path
  if (path !== '/api' && !path.startsWith('/api/') && !path.startsWith('/api?')) return
  // The answer depends on Origin: shared caches must not hand one origin's answer to another.
  appendResponseHeader(event, 'Vary', 'Origin')
  const origin = getRequestHeader(event, 'origin')
  const permitted = !!origin && allowedOrigins().has(origin)
  const preflight = event.method === 'OPTIONS' && !!getRequestHeader(event, 'access-control-request-method')

  if (preflight) {
    appendResponseHeader(event, 'Vary', 'Access-Control-Request-Method, Access-Control-Request-Headers')
    if (!permitted) throw new ApiError(403, 'FORBIDDEN', 'Origin not allowed')
    setResponseHeader(event, 'Access-Control-Allow-Origin', origin)
    setResponseHeader(event, 'Access-Control-Allow-Methods', ALLOW_METHODS)
    setResponseHeader(event, 'Access-Control-Allow-Headers', ALLOW_HEADERS)
    setResponseHeader(event, 'Access-Control-Max-Age', PREFLIGHT_MAX_AGE_SECONDS)
    return sendNoContent(event, 204)
  }
  if (permitted) {
    setResponseHeader(event, 'Access-Control-Allow-Origin', origin)
    setResponseHeader(event, 'Access-Control-Expose-Headers', EXPOSE_HEADERS)
  }
})
