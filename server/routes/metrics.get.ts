import { createHash, timingSafeEqual } from 'node:crypto'
import { createError, getRequestHeader, setResponseHeader, setResponseStatus } from 'h3'
import { countActiveSessions } from '../services/sessions'
import { serverEnv } from '../utils/env'
import { failedJobCounts } from '../utils/jobs'
import { metrics } from '../utils/metrics'
import { logLine } from '../utils/request-log'

const SCRAPE_QUERY_TIMEOUT_MS = 2000

// Prometheus text format for the scraper only: with METRICS_TOKEN unset the route does not
// exist (404, like any unknown page); a wrong or missing bearer token is 401.
export default defineEventHandler(async (event) => {
  const token = serverEnv().METRICS_TOKEN
  if (!token) throw createError({ statusCode: 404, statusMessage: 'Page not found: /metrics' })
  setResponseHeader(event, 'cache-control', 'no-store')
  if (!sameSecret(bearer(getRequestHeader(event, 'authorization')), token)) {
    setResponseStatus(event, 401)
    setResponseHeader(event, 'www-authenticate', 'Bearer realm="metrics"')
    setResponseHeader(event, 'content-type', 'text/plain; charset=utf-8')
    return 'Unauthorized\n'
  }
  const m = metrics()
  m.activeSessions.set(await activeSessions())
  await countFailedJobs(m.jobsFailed)
  setResponseHeader(event, 'content-type', m.registry.contentType)
  return m.registry.metrics()
})

function bearer(header: string | undefined): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  return match?.[1] ?? ''
}

/** Compares digests, so neither the length nor the first differing byte shows in the timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest()
  return timingSafeEqual(digest(given), digest(expected))
}

/** NaN (a gap in the graph) when the database does not answer in time, rather than a made-up 0. */
async function activeSessions(): Promise<number> {
  return (await withinTimeout(countActiveSessions(), 'active sessions')) ?? Number.NaN
}

/** Reset first: a queue whose failures have all aged out shows 0, not its last value; no series at all when not counted. */
async function countFailedJobs(gauge: ReturnType<typeof metrics>['jobsFailed']): Promise<void> {
  const counts = await withinTimeout(failedJobCounts(), 'failed jobs')
  gauge.reset()
  for (const [queue, count] of Object.entries(counts ?? {})) gauge.set({ queue }, count)
}

/** The answer, or null when the database does not give it within the scrape's patience. */
async function withinTimeout<T>(work: Promise<T>, what: string): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), SCRAPE_QUERY_TIMEOUT_MS)
      }),
    ])
  }
  catch (error) {
    logLine('warn', `metrics: ${what} not counted`, { error: error instanceof Error ? error.message : String(error) })
    return null
  }
  finally {
    clearTimeout(timer)
  }
}
