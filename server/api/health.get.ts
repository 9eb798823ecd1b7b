import { setResponseHeader } from 'h3'
import { health } from '../../shared/schemas/responses'
import { defineApiRoute } from '../utils/route'

// Liveness: the process answers. Readiness (database) is /api/ready.
export default defineApiRoute({
  operationId: 'getHealth',
  tag: 'System',
  summary: 'Liveness probe',
  description: 'The process answers. Never rate limited.',
  access: 'public',
  probe: true,
  success: { description: 'Alive.', data: health },
}, ({ event }) => {
  setResponseHeader(event, 'cache-control', 'no-store')
  return { status: 'ok', uptime: Math.round(process.uptime()) }
})
