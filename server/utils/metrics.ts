import { PgPreparedQuery } from 'drizzle-orm/pg-core'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/**
 * The process's Prometheus metrics, served by `GET /metrics` (server/routes/metrics.get.ts).
 * Labels are bounded: routes are patterns (`/api/v1/contacts/:id`), never raw paths.
 */
export interface PulseMetrics {
  registry: Registry
  httpRequests: Counter<'method' | 'route' | 'status'>
  httpDuration: Histogram<'method' | 'route' | 'status'>
  dbQueryDuration: Histogram<'operation'>
  dbAcquireDuration: Histogram
  dbTransactionDuration: Histogram<'outcome'>
  dbPoolMax: Gauge
  dbPoolInUse: Gauge
  dbPoolWaiting: Gauge
  rateLimitRejections: Counter<'budget'>
  loginFailures: Counter<'reason'>
  activeSessions: Gauge
  jobsProcessed: Counter<'queue' | 'outcome'>
  jobDuration: Histogram<'queue'>
  jobsFailed: Gauge<'queue'>
}

// One set per process, kept on globalThis so dev-server reloads do not register the metrics twice.
const state = globalThis as typeof globalThis & { __pulseMetrics?: PulseMetrics }

/** Seconds: from a fast index read (1 ms) to a request that is too slow to bear (10 s). */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
const DB_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

export function metrics(): PulseMetrics {
  if (state.__pulseMetrics) return state.__pulseMetrics
  const registry = new Registry()
  // CPU, memory, event-loop lag, GC, handles: process_* and nodejs_*.
  collectDefaultMetrics({ register: registry })
  const registers = [registry]
  state.__pulseMetrics = {
    registry,
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'Answered HTTP requests by method, route pattern and status (scrapes of /metrics excluded)',
      labelNames: ['method', 'route', 'status'] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from receiving a request to the end of its answer, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: HTTP_BUCKETS,
      registers,
    }),
    dbQueryDuration: new Histogram({
      name: 'pulse_db_query_duration_seconds',
      help: 'Round trip of one SQL statement to the database, by operation',
      labelNames: ['operation'] as const,
      buckets: DB_BUCKETS,
      registers,
    }),
    dbAcquireDuration: new Histogram({
      name: 'pulse_db_pool_acquire_duration_seconds',
      help: 'Wait for a pooled connection before a transaction could begin',
      buckets: DB_BUCKETS,
      registers,
    }),
    dbTransactionDuration: new Histogram({
      name: 'pulse_db_transaction_duration_seconds',
      help: 'Time a transaction held its connection, by outcome (commit or rollback)',
      labelNames: ['outcome'] as const,
      buckets: DB_BUCKETS,
      registers,
    }),
    dbPoolMax: new Gauge({ name: 'pulse_db_pool_max', help: 'Upper bound of the database connection pool (1 for embedded PGlite)', registers }),
    dbPoolInUse: new Gauge({ name: 'pulse_db_pool_in_use', help: 'Connections held by a transaction right now', registers }),
    dbPoolWaiting: new Gauge({ name: 'pulse_db_pool_waiting', help: 'Transactions waiting for a free connection right now', registers }),
    rateLimitRejections: new Counter({
      name: 'pulse_rate_limit_rejections_total',
      help: 'Requests refused with 429 by a rate-limit budget',
      labelNames: ['budget'] as const,
      registers,
    }),
    loginFailures: new Counter({
      name: 'pulse_login_failures_total',
      help: 'Failed sign-ins: wrong email or password, or refused while the account was locked',
      labelNames: ['reason'] as const,
      registers,
    }),
    activeSessions: new Gauge({
      name: 'pulse_active_sessions',
      help: 'Signed-in sessions across all organizations: refresh-token families with a current token that is neither revoked nor expired',
      registers,
    }),
    jobsProcessed: new Counter({
      name: 'pulse_jobs_processed_total',
      help: 'Background job attempts this process ran, by queue and outcome (a failed attempt may still be retried)',
      labelNames: ['queue', 'outcome'] as const,
      registers,
    }),
    jobDuration: new Histogram({
      name: 'pulse_job_duration_seconds',
      help: 'Time one background job attempt took, by queue',
      labelNames: ['queue'] as const,
      buckets: HTTP_BUCKETS,
      registers,
    }),
    jobsFailed: new Gauge({
      name: 'pulse_jobs_failed',
      help: 'Background jobs of the last 7 days that failed for good (every retry spent), across all organizations, by queue',
      labelNames: ['queue'] as const,
      registers,
    }),
  }
  return state.__pulseMetrics
}

const OPERATIONS = new Set(['select', 'insert', 'update', 'delete'])

/**
 * `select`, `insert`, `update`, `delete` or `other` (CTEs, set_config, DDL) — from the
 * statement's first word. Not from Drizzle's query metadata: it calls an update an insert.
 */
export function queryOperation(sql: string): string {
  const word = /^\s*(\w+)/.exec(sql)?.[1]?.toLowerCase() ?? ''
  return OPERATIONS.has(word) ? word : 'other'
}

/**
 * Runs a transaction through `begin` and records the wait for a connection, the time it
 * was held and its outcome, and the pool's live use. `begin` must call its callback once
 * it holds the connection (as `db.transaction` does).
 */
export async function observeTransaction<Tx, T>(begin: (inner: (tx: Tx) => Promise<T>) => Promise<T>, work: (tx: Tx) => Promise<T>): Promise<T> {
  const m = metrics()
  const requested = performance.now()
  let started: number | undefined
  let outcome = 'rollback'
  m.dbPoolWaiting.inc()
  try {
    const result = await begin((tx) => {
      started = performance.now()
      m.dbPoolWaiting.dec()
      m.dbPoolInUse.inc()
      m.dbAcquireDuration.observe((started - requested) / 1000)
      return work(tx)
    })
    outcome = 'commit'
    return result
  }
  finally {
    if (started === undefined) {
      // Never got a connection (the database is unreachable).
      m.dbPoolWaiting.dec()
    }
    else {
      m.dbPoolInUse.dec()
      m.dbTransactionDuration.observe({ outcome }, (performance.now() - started) / 1000)
    }
  }
}

/**
 * Times every statement's round trip, for both drivers: each of them runs through
 * `PgPreparedQuery.queryWithCache` with the driver call as its callback (Drizzle has no
 * timing hook). If an upgrade renames it, tests/api/metrics.test.ts fails.
 */
export function timeDatabaseQueries(): void {
  type Run = (this: PgPreparedQuery<never>, sql: string, params: unknown[], query: () => Promise<unknown>) => Promise<unknown>
  const proto = PgPreparedQuery.prototype as unknown as { queryWithCache?: Run, __pulseTimed?: boolean }
  const original = proto.queryWithCache
  if (proto.__pulseTimed || typeof original !== 'function') return
  proto.__pulseTimed = true
  proto.queryWithCache = function (sql, params, query) {
    const operation = queryOperation(sql)
    return original.call(this, sql, params, async () => {
      const end = metrics().dbQueryDuration.startTimer({ operation })
      try {
        return await query()
      }
      finally {
        end()
      }
    })
  }
}
