// HEAD is GET without the body (RFC 9110, 9.3.2): uptime checks and proxies send it to
// /api/health and friends. The API's routes are declared for GET only, so a HEAD request
// is routed as a GET; Node's response still knows the request was HEAD and sends the
// status and headers without a body.
export default defineEventHandler((event) => {
  const req = event.node.req
  if (req.method !== 'HEAD') return
  const path = event.path
  if (path !== '/api' && !path.startsWith('/api/') && !path.startsWith('/api?')) return
  req.method = 'GET'
  // h3 1.x keeps the method it read first (plugins' request hooks read it before any
  // middleware runs); its own request builder sets the same field.
  ;(event as unknown as { _method: string })._method = 'GET'
})
