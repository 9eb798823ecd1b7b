import type { H3Event } from 'h3'
import { metrics } from '../utils/metrics'
import { METRICS_PATH, routeLabel } from '../utils/metrics-route'
import { forEveryRequest } from '../utils/page-requests'

// Every request that came over the network is counted and timed once its answer has ended
// (or the client went away), by route pattern. In-process calls (server-side rendering's
// API reads) are part of the page request that made them; scrapes of /metrics are left out.
export default defineNitroPlugin((nitroApp) => {
  metrics()
  nitroApp.hooks.hook('request', forEveryRequest((event: H3Event) => {
    const { req, res } = event.node
    if (!req.socket?.remoteAddress) return
    const started = performance.now()
    res.once('close', () => {
      const seconds = (performance.now() - started) / 1000
      void routeLabel(event, path => nitroApp.h3App.resolve(path)).then((route) => {
        if (route === METRICS_PATH) return
        const labels = { method: methodLabel(event.method), route, status: String(res.statusCode) }
        const m = metrics()
        m.httpRequests.inc(labels)
        m.httpDuration.observe(labels, seconds)
      })
    })
  }))
})

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

function methodLabel(method: string): string {
  return METHODS.has(method) ? method : 'OTHER'
}
