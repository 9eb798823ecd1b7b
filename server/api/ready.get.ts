import { setResponseHeader } from 'h3'
import { ok, serviceUnavailable } from '../utils/api'
import { useDatabaseHandle } from '../utils/db'

const PING_TIMEOUT_MS = 2000

// Readiness: the database answers within a short time; load balancers stop routing here otherwise.
export default defineEventHandler(async (event) => {
  setResponseHeader(event, 'cache-control', 'no-store')
  let timer: NodeJS.Timeout | undefined
  try {
    const handle = await useDatabaseHandle()
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), PING_TIMEOUT_MS)
    })
    await Promise.race([handle.ping(), timeout])
    return ok({ status: 'ready', database: handle.kind })
  }
  catch {
    throw serviceUnavailable('Database is not answering')
  }
  finally {
    clearTimeout(timer)
  }
})
