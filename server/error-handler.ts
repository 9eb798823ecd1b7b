import { defineNitroErrorHandler } from 'nitropack/runtime'
import { getRequestURL, send, setResponseHeader, setResponseStatus } from 'h3'
import { loggable, toErrorEnvelope } from './utils/error-envelope'

// Every /api answer uses the error envelope; pages fall through to Nuxt's error page.
export default defineNitroErrorHandler((error, event) => {
  const url = getRequestURL(event)
  if (!url.pathname.startsWith('/api')) return
  const { status, body, unexpected } = toErrorEnvelope(error)
  if (unexpected) console.error(`[api] unexpected error on ${event.method} ${url.pathname}: ${loggable(error)}`)
  setResponseStatus(event, status)
  setResponseHeader(event, 'content-type', 'application/json; charset=utf-8')
  setResponseHeader(event, 'cache-control', 'no-store')
  return send(event, JSON.stringify(body))
})
