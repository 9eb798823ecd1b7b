import { setResponseHeader } from 'h3'
import { readiness } from '../../shared/schemas/responses'
import { serviceUnavailable } from '../utils/api'
import { useDatabaseHandle } from '../utils/db'
import { defineApiRoute } from '../utils/route'

const PING_TIMEOUT_MS = 2000

// Readiness: the database answers within a short time; load balancers stop routing here otherwise.
export default defineApiRoute({
  operationId: 'getReadiness',
  tag: 'System',
  summary: 'Readiness probe',
  description: 'The database answers within two seconds. Never rate limited.',
  access: 'public',
  probe: true,
  success: { description: 'Ready for traffic.', data: readiness },
  errors: { 503: 'The database is not answering.' },
}, async ({ event }) => {
  setResponseHeader(event, 'cache-control', 'no-store')
  let timer: NodeJS.Timeout | undefined
  try {
    const handle = await useDatabaseHandle()
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), PING_TIMEOUT_MS)
    })
    await Promise.race([handle.ping(), timeout])
    return { status: 'ready', database: handle.kind }
  }
  catch {
    throw serviceUnavailable('Database is not answering')
  }
  finally {
    clearTimeout(timer)
  }
})
