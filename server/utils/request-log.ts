import { randomUUID } from 'node:crypto'
import type { H3Event } from 'h3'
import { getHeader, getResponseStatus, setResponseHeader } from 'h3'

declare module 'h3' {
  interface H3EventContext { requestId?: string, startedAt?: number }
}

export const REQUEST_ID_HEADER = 'X-Request-Id'

// What a proxy or client may send as its id: no spaces, no control characters, bounded.
const ACCEPTED_ID = /^[\w.:-]{1,128}$/

/** Paths whose successful answers are not logged: load-balancer probes, metric scrapes and build assets. */
const QUIET = [/^\/api\/(health|ready)$/, /^\/metrics$/, /^\/_nuxt\//, /^\/_ipx\//]

export type LogLevel = 'info' | 'warn' | 'error'

/**
 * One structured log line (JSON) on stdout, or stderr for errors. Callers pass ids and
 * figures only — never a body, a header value, a query string or a token.
 */
export function logLine(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })
  if (level === 'error') console.error(line)
  else console.log(line)
}

/**
 * Gives the request its id — the caller's `X-Request-Id` when it is well-formed (so a
 * proxy's id follows the request), otherwise a new UUID — and returns it on the answer.
 */
export function startRequest(event: H3Event): void {
  const incoming = getHeader(event, REQUEST_ID_HEADER)
  event.context.requestId = incoming && ACCEPTED_ID.test(incoming) ? incoming : randomUUID()
  event.context.startedAt = performance.now()
  setResponseHeader(event, REQUEST_ID_HEADER, event.context.requestId)
}

/** The request's path without its query (not through a URL object: this runs for every request). */
function pathOf(event: H3Event): string {
  return event.path.split('?', 1)[0]!
}

/** The fields that tie a log line to a request and, when known, to its organization and caller. */
export function requestFields(event: H3Event): Record<string, unknown> {
  const tenant = event.context.tenant
  return {
    requestId: event.context.requestId,
    method: event.method,
    // The path only: query strings may carry tokens (invitation and reset links).
    path: pathOf(event),
    ...(tenant ? { orgId: tenant.orgId, ...(tenant.userId ? { userId: tenant.userId } : {}), ...(tenant.apiKeyId ? { apiKeyId: tenant.apiKeyId } : {}) } : {}),
  }
}

/** The access log line of one answered request (`status` when the answer is not yet sent). */
export function logRequest(event: H3Event, status = getResponseStatus(event)): void {
  const path = pathOf(event)
  if (status < 400 && QUIET.some(pattern => pattern.test(path))) return
  const durationMs = event.context.startedAt === undefined ? undefined : Math.round((performance.now() - event.context.startedAt) * 10) / 10
  logLine(status >= 500 ? 'error' : 'info', 'request', { ...requestFields(event), status, durationMs })
}
