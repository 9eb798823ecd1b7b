import { and, eq, lte, sql } from 'drizzle-orm'
import { retentionRules } from '../../../drizzle/schema'
import { MERGE_UNDO_DAYS } from '../../../shared/schemas'
import { resultRows } from '../../database/client'
import { useDatabaseHandle } from '../../utils/db'
import { loggable } from '../../utils/error-envelope'
import { systemContext } from '../../utils/jobs'
import { withTenant, withoutTenant } from '../../utils/tenant'
import { executeDue } from './org-deletion'
import { runRule } from './retention'

/** Any number that no other part of Pulse uses as an advisory lock key. */
const LOCK_KEY = 7_143_002_017

export interface SchedulerConfig {
  /** How often the task looks for due work (PULSE_PRIVACY_TASK_INTERVAL_MS, 0 disables it). */
  intervalMs: number
  /** How often an enabled retention rule runs (PULSE_RETENTION_EVERY_HOURS). */
  everyHours: number
}

export function schedulerConfig(env: NodeJS.ProcessEnv = process.env): SchedulerConfig {
  const interval = Number(env.PULSE_PRIVACY_TASK_INTERVAL_MS ?? '')
  const hours = Number(env.PULSE_RETENTION_EVERY_HOURS ?? '')
  return {
    intervalMs: env.PULSE_PRIVACY_TASK_INTERVAL_MS !== undefined && env.PULSE_PRIVACY_TASK_INTERVAL_MS !== '' && Number.isFinite(interval) && interval >= 0 ? interval : 15 * 60_000,
    everyHours: Number.isFinite(hours) && hours > 0 ? hours : 24,
  }
}

export interface TickReport {
  deleted: string[]
  retention: { orgId: string, kind: string, affected: number }[]
  /** Notifications past their time (read ones after 90 days, any after a year), across organizations. */
  expiredNotifications?: number
  /** Undo snapshots of merges past their 30 days, across organizations (the merges stay). */
  expiredMergeSnapshots?: number
  skipped: boolean
}

async function dueWork(everyHours: number): Promise<{ org_id: string, work: 'deletion' | 'retention' }[]> {
  return withoutTenant(async tx => resultRows(await tx.execute(sql`select org_id, work from privacy_due_work(make_interval(hours => ${everyHours}::int))`)))
}

async function work(config: SchedulerConfig): Promise<TickReport> {
  const report: TickReport = { deleted: [], retention: [], skipped: false }
  const [expired] = resultRows<{ n: number }>(await withoutTenant(tx => tx.execute(sql`select notifications_expire(interval '90 days', interval '1 year') as n`)))
  if (expired?.n) report.expiredNotifications = expired.n
  const [dropped] = resultRows<{ n: number }>(await withoutTenant(tx => tx.execute(sql`select merges_expire(make_interval(days => ${MERGE_UNDO_DAYS}::int)) as n`)))
  if (dropped?.n) report.expiredMergeSnapshots = dropped.n
  for (const item of await dueWork(config.everyHours)) {
    try {
      if (item.work === 'deletion') {
        if (await executeDue(item.org_id)) report.deleted.push(item.org_id)
        continue
      }
      const ctx = systemContext(item.org_id)
      const rules = await withTenant(ctx, tx => tx.select({ kind: retentionRules.kind }).from(retentionRules).where(and(
        eq(retentionRules.orgId, item.org_id), eq(retentionRules.enabled, true),
        lte(sql`coalesce(${retentionRules.lastRunAt}, ${retentionRules.createdAt})`, sql`now() - make_interval(hours => ${config.everyHours}::int)`),
      )))
      for (const rule of rules) {
        const { run } = await runRule(ctx, { kind: rule.kind, dryRun: false }, 'schedule')
        report.retention.push({ orgId: item.org_id, kind: rule.kind, affected: run.affected })
      }
    }
    catch (error) {
      // One organization's failure must not stop the others; the next tick retries it.
      console.error(`[privacy] scheduled ${item.work} of organization ${item.org_id} failed:`, loggable(error))
    }
  }
  return report
}

/**
 * One pass of the scheduled privacy task: executes due organization deletions and due
 * retention rules. With several app instances on one PostgreSQL, only the instance that
 * holds the advisory lock works; the others skip this pass. PGlite serves one process only.
 */
export async function runPrivacyTasks(config: SchedulerConfig = schedulerConfig()): Promise<TickReport> {
  const handle = await useDatabaseHandle()
  if (handle.kind === 'pglite') return work(config)
  // The lock lives as long as this transaction; the work runs on other pooled connections.
  return handle.db.transaction(async (lockTx) => {
    const [row] = resultRows<{ locked: boolean }>(await lockTx.execute(sql`select pg_try_advisory_xact_lock(${LOCK_KEY}) as locked`))
    if (!row?.locked) return { deleted: [], retention: [], skipped: true }
    return work(config)
  })
}
