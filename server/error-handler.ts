import { defineNitroErrorHandler } from 'nitropack/runtime'
import { getRequestURL, send, setResponseHeader, setResponseStatus } from 'h3'
import { loggable, toErrorEnvelope, unavailableReason } from './utils/error-envelope'
import { logLine, logRequest, requestFields } from './utils/request-log'

// Every /api answer uses the error envelope; pages fall through to Nuxt's error page.
// Answers that end in an error skip Nitro's afterResponse hook, so they are logged here.
export default defineNitroErrorHandler((error, event) => {
  const url = getRequestURL(event)
  if (!url.pathname.startsWith('/api')) {
    const status = Number((error as { statusCode?: number }).statusCode ?? 500)
    logRequest(event, status)
    return
  }
  const { status, body, unexpected, retryAfter } = toErrorEnvelope(error)
  if (unexpected) logLine('error', 'unexpected error', { ...requestFields(event), error: loggable(error) })
  // Operators need to know why the database refused (which SQLSTATE or socket error), not the frames.
  else if (status === 503) logLine('warn', 'service unavailable', { ...requestFields(event), reason: unavailableReason(error) })
  setResponseStatus(event, status)
  setResponseHeader(event, 'content-type', 'application/json; charset=utf-8')
  setResponseHeader(event, 'cache-control', 'no-store')
  if (retryAfter) setResponseHeader(event, 'retry-after', retryAfter)
  logRequest(event, status)
  return send(event, JSON.stringify(body))
})
