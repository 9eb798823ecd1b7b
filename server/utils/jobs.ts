import { fromPglite, PgBoss, type Job, type JobResult } from 'pg-boss'
import type { TenantContext } from './tenant'
import { useDatabaseHandle } from './db'
import { loggable } from './error-envelope'
import { metrics } from './metrics'

/**
 * One kind of background work. Jobs live in the database (pg-boss, schema `pgboss`), so
 * they survive restarts and crashes, are retried with exponential backoff, and each runs
 * once however many instances poll: pg-boss claims a job with `FOR UPDATE SKIP LOCKED`.
 */
export interface JobDefinition<T extends object = object> {
  queue: string
  run: (data: T, job: Job<T>) => Promise<void>
  /** Retries after the first failure, with exponential backoff and jitter from `retryDelaySeconds`. */
  retryLimit?: number
  retryDelaySeconds?: number
  /** An attempt still active after this long (its process died) is failed and retried. */
  expireInSeconds?: number
  /**
   * Recurring work: the next run is queued when one ends, at most one is queued and one
   * active at a time across instances, and a five-minute schedule restarts the chain should
   * it ever break. Returns the interval in ms; 0 switches the work off.
   */
  everyMs?: () => number
}

/** What a tenant job carries: the organization it acts for, and nothing may change that. */
export interface TenantJobData { orgId: string }

/** The system acting inside one organization, with an owner's reach (retention, reminders). */
export const systemContext = (orgId: string): TenantContext => ({ orgId, userId: null, role: 'owner', actorType: 'system', ip: null, userAgent: null })

export const defineJob = <T extends object>(definition: JobDefinition<T>): JobDefinition<T> => definition

interface RunnerState { boss: PgBoss, definitions: Map<string, JobDefinition<never>>, stopping: boolean }
const state = globalThis as typeof globalThis & { __pulseJobs?: Promise<RunnerState> }

const POLL_SECONDS = 1
const BACKSTOP_CRON = '*/5 * * * *'
/** How each process works through a queue of one-off jobs (bench/reminders.ts measures the bare runner with the same). */
export const DELIVERY_WORK = { batchSize: 20, perJobResults: true as const, burstWhenBatchFull: true, localConcurrency: 2 }

async function createBoss(): Promise<PgBoss> {
  const handle = await useDatabaseHandle()
  const boss = handle.kind === 'pglite'
    ? new PgBoss({ backend: 'pglite', db: fromPglite(handle.connection.pglite as Parameters<typeof fromPglite>[0]) })
    // Its own small pool: as the schema owner where one is configured, since pg-boss installs and migrates its schema itself.
    : new PgBoss({ connectionString: handle.connection.ownerUrl, max: 3, application_name: 'pulse-jobs' })
  boss.on('error', error => console.error('[jobs]', loggable(error)))
  await boss.start()
  return boss
}

/** Starts the runner with these kinds of work; later calls answer the same runner. */
export function startJobRunner(definitions: readonly JobDefinition<never>[]): Promise<RunnerState> {
  state.__pulseJobs ??= (async () => {
    const boss = await createBoss()
    const runner: RunnerState = { boss, definitions: new Map(definitions.map(d => [d.queue, d])), stopping: false }
    for (const definition of definitions) await register(runner, definition)
    return runner
  })()
  state.__pulseJobs.catch(() => {
    state.__pulseJobs = undefined
  })
  return state.__pulseJobs
}

async function register(runner: RunnerState, definition: JobDefinition<never>): Promise<void> {
  const { boss } = runner
  const interval = definition.everyMs?.() ?? 0
  if (definition.everyMs && !interval) return
  const options = {
    retryLimit: definition.everyMs ? 0 : definition.retryLimit ?? 5,
    retryDelay: definition.retryDelaySeconds ?? 10,
    retryBackoff: true,
    expireInSeconds: definition.expireInSeconds ?? 15 * 60,
  }
  await boss.createQueue(definition.queue, { policy: definition.everyMs ? 'stately' : 'standard', ...options })
  await boss.updateQueue(definition.queue, options)
  const runOne = async (job: Job<object>): Promise<JobResult> => {
    const end = metrics().jobDuration.startTimer({ queue: definition.queue })
    try {
      await (definition.run as JobDefinition<object>['run'])(job.data, job)
      metrics().jobsProcessed.inc({ queue: definition.queue, outcome: 'completed' })
      return { id: job.id, status: 'completed' }
    }
    catch (error) {
      metrics().jobsProcessed.inc({ queue: definition.queue, outcome: 'failed' })
      const message = loggable(error)
      console.error(`[jobs] ${definition.queue} ${job.id} failed:`, message)
      // What admins see as the last error (failedJobs); never the query's parameters.
      return { id: job.id, status: 'failed', output: { message } }
    }
    finally {
      end()
      if (definition.everyMs && !runner.stopping) await queueNext(boss, definition.queue, interval)
    }
  }
  // Deliveries come in bursts (a minute's reminders): batches, fetched back to back while
  // they come full, two at a time. Recurring work runs one at a time by its nature.
  const work = definition.everyMs
    ? { pollingIntervalSeconds: POLL_SECONDS, batchSize: 1, perJobResults: true as const }
    : { pollingIntervalSeconds: POLL_SECONDS, ...DELIVERY_WORK }
  await boss.work<object>(definition.queue, work, async (jobs) => {
    const results: JobResult[] = []
    for (const job of jobs) results.push(await runOne(job))
    return results
  })
  if (definition.everyMs) {
    // The first run soon after start (a no-op where one is already queued), and the backstop.
    await queueNext(boss, definition.queue, Math.min(interval, 5_000))
    await boss.schedule(definition.queue, BACKSTOP_CRON)
  }
}

async function queueNext(boss: PgBoss, queue: string, delayMs: number): Promise<void> {
  await boss.send(queue, {}, { startAfter: new Date(Date.now() + delayMs) }).catch((error: unknown) => {
    console.error(`[jobs] could not queue the next ${queue}:`, loggable(error))
  })
}

/** Queues many jobs of one kind in one statement. */
export async function enqueueMany<T extends object>(definition: JobDefinition<T>, data: T[]): Promise<void> {
  if (!data.length) return
  const runner = await state.__pulseJobs
  if (!runner) throw new Error(`The job runner is not running: cannot queue ${definition.queue}`)
  await runner.boss.insert(definition.queue, data.map(d => ({ data: d })))
}

/** Jobs that failed for good (every retry spent) in the last `days`, newest first: for an organization, or all. */
export async function failedJobs(options: { orgId?: string, days?: number, limit?: number } = {}): Promise<{ queue: string, id: string, error: string, failedAt: Date }[]> {
  const runner = await state.__pulseJobs
  if (!runner) return []
  const { rows } = await runner.boss.getDb().executeSql(
    `select name, id, output, completed_on from pgboss.job
      where state = 'failed' and completed_on > now() - make_interval(days => $1::int)
        and ($2::text is null or data->>'orgId' = $2::text)
      order by completed_on desc limit $3`,
    [options.days ?? 7, options.orgId ?? null, options.limit ?? 100],
  )
  return (rows as { name: string, id: string, output: { message?: string } | null, completed_on: Date }[]).map(row => ({
    queue: row.name, id: row.id, error: String(row.output?.message ?? 'failed').slice(0, 500), failedAt: new Date(row.completed_on),
  }))
}

/** Jobs of the last 7 days that failed for good, counted per queue: of one organization, or of all (for /metrics). */
export async function failedJobCounts(orgId?: string): Promise<Record<string, number>> {
  const runner = await state.__pulseJobs
  if (!runner) return {}
  const { rows } = await runner.boss.getDb().executeSql(
    `select name, count(*)::int as count from pgboss.job
      where state = 'failed' and completed_on > now() - interval '7 days' and ($1::text is null or data->>'orgId' = $1::text)
      group by name`,
    [orgId ?? null],
  )
  return Object.fromEntries((rows as { name: string, count: number }[]).map(row => [row.name, row.count]))
}

/** Ends the runner: no new job is claimed, the running ones finish (bounded), then it lets go of the database. */
export async function stopJobRunner(): Promise<void> {
  const pending = state.__pulseJobs
  state.__pulseJobs = undefined
  const runner = await pending?.catch(() => undefined)
  if (!runner) return
  runner.stopping = true
  await runner.boss.stop({ graceful: true, timeout: 10_000 }).catch((error: unknown) => console.error('[jobs] stop:', loggable(error)))
}
