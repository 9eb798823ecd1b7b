import { setResponseHeader } from 'h3'
import { ok } from '../utils/api'

// Liveness: the process answers. Readiness (database) is /api/ready.
export default defineEventHandler((event) => {
  setResponseHeader(event, 'cache-control', 'no-store')
  return ok({ status: 'ok', uptime: Math.round(process.uptime()) })
})
