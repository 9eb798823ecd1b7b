import { claimPendingEmails, claimPendingPushes, deliverEmail, organizationsWithWork } from '../services/notifications'
import { dueDigests, organizationsDueForDigest, pruneDigestDeliveries, sendDigest } from '../services/digest'
import { deliverPush } from '../services/push'
import { runPrivacyTasks, schedulerConfig } from '../services/privacy/scheduler'
import { fireDueReminders } from '../services/reminders'
import { organizationsToScan, scanOrganization } from '../services/duplicate-scan'
import { loggable } from '../utils/error-envelope'
import { defineJob, enqueueMany, systemContext, type JobDefinition, type TenantJobData } from '../utils/jobs'
import { withTenant } from '../utils/tenant'

/** Retention rules and organization deletions after their grace period, every PULSE_PRIVACY_TASK_INTERVAL_MS. */
export const privacyTasks = defineJob({
  queue: 'privacy-tasks',
  everyMs: () => schedulerConfig().intervalMs,
  run: async () => {
    const report = await runPrivacyTasks(schedulerConfig())
    if (report.deleted.length || report.retention.length || report.expiredNotifications || report.expiredMergeSnapshots) console.info('[privacy] scheduled task', JSON.stringify(report))
  },
})

/**
 * One notification's email. Not a tenant transaction of the usual kind: the mail goes out
 * between two of them (services/notifications.ts, deliverEmail). Three attempts in all.
 */
export const notificationEmail = defineJob<TenantJobData & { notificationId: string }>({
  queue: 'notification-emails',
  retryLimit: 2,
  retryDelaySeconds: 30,
  run: ({ orgId, notificationId }) => deliverEmail(systemContext(orgId), notificationId),
})

/** One notification's web push to each of its recipient's devices (services/push.ts, deliverPush). Three attempts in all. */
export const notificationPush = defineJob<TenantJobData & { notificationId: string }>({
  queue: 'notification-push',
  retryLimit: 2,
  retryDelaySeconds: 30,
  run: ({ orgId, notificationId }) => deliverPush(systemContext(orgId), notificationId),
})

/** Reminders fired, and emails or pushes queued, per transaction. */
const BATCH = 1000

/** How often due reminders fire and emails and pushes are queued (PULSE_NOTIFY_INTERVAL_MS, default 15 s). */
export function dispatchIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.PULSE_NOTIFY_INTERVAL_MS || '')
  return Number.isFinite(value) && value >= 200 ? value : 15_000
}

/**
 * Fires due reminders (each once, see services/reminders.ts) and queues the emails and
 * pushes of new notifications, organization by organization, each in its own tenant transaction.
 */
export const notificationDispatch = defineJob({
  queue: 'notification-dispatch',
  everyMs: dispatchIntervalMs,
  run: async () => {
    const work = await organizationsWithWork()
    for (const orgId of new Set([...work.reminders, ...work.emails, ...work.pushes])) {
      const ctx = systemContext(orgId)
      try {
        // In batches, each its own transaction, until none is left: a busy minute is not spread over many passes.
        while (await withTenant(ctx, tx => fireDueReminders(tx, ctx, BATCH)) === BATCH);
        // After each commit: a crash in between leaves them queued-but-jobless, and they are queued again later.
        for (const [claim, job] of [[claimPendingEmails, notificationEmail], [claimPendingPushes, notificationPush]] as const) {
          let ids: string[]
          do {
            ids = await withTenant(ctx, tx => claim(tx, orgId, BATCH))
            await enqueueMany(job, ids.map(notificationId => ({ orgId, notificationId })))
          } while (ids.length === BATCH)
        }
      }
      catch (error) {
        // One organization's failure must not hold up the others; the next pass tries again.
        console.error(`[notifications] dispatch for organization ${orgId} failed:`, loggable(error))
      }
    }
  },
})

/** One person's morning digest for their calendar day (services/digest.ts, sendDigest: once per day). Three attempts in all. */
export const digestEmail = defineJob<TenantJobData & { userId: string, localDate: string }>({
  queue: 'digest-emails',
  retryLimit: 2,
  retryDelaySeconds: 60,
  run: async ({ orgId, userId, localDate }) => {
    await sendDigest(systemContext(orgId), userId, localDate)
  },
})

/** How often the digest dispatcher looks for people whose 07:00 has come (PULSE_DIGEST_INTERVAL_MS, default 5 min; 0 off). */
export function digestIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.PULSE_DIGEST_INTERVAL_MS ?? '')
  if (env.PULSE_DIGEST_INTERVAL_MS === '0') return 0
  return Number.isFinite(value) && value >= 1000 ? value : 5 * 60_000
}

/**
 * Queues the morning digests that are due: organization by organization, each in its own
 * tenant transaction, one job per person. Queuing one twice is harmless (the day is claimed once).
 */
export const digestDispatch = defineJob({
  queue: 'digest-dispatch',
  everyMs: digestIntervalMs,
  run: async () => {
    const now = new Date()
    for (const orgId of await organizationsDueForDigest(now)) {
      try {
        const due = await withTenant(systemContext(orgId), async (tx) => {
          await pruneDigestDeliveries(tx, orgId)
          return dueDigests(tx, orgId, now)
        })
        await enqueueMany(digestEmail, due.map(d => ({ orgId, ...d })))
      }
      catch (error) {
        console.error(`[digest] dispatch for organization ${orgId} failed:`, loggable(error))
      }
    }
  },
})

/** How often the duplicate scan looks for queued records and unscanned organizations (PULSE_DUPLICATE_SCAN_INTERVAL_MS, default 5 s; 0 off). */
export function duplicateScanIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  if (env.PULSE_DUPLICATE_SCAN_INTERVAL_MS === '0') return 0
  const value = Number(env.PULSE_DUPLICATE_SCAN_INTERVAL_MS || '')
  return Number.isFinite(value) && value >= 200 ? value : 5_000
}

/** Per organization and pass: a large first scan goes on in the next pass, so the others are not kept waiting. */
const SCAN_BUDGET_MS = 5_000

/**
 * Keeps the likely duplicate pairs current (services/duplicate-scan.ts): recomputes the
 * records that writes queued in their own transactions, and scans an organization's
 * existing records once. Organization by organization, batch by batch, each batch its own
 * tenant transaction.
 */
export const duplicateScan = defineJob({
  queue: 'duplicate-scan',
  everyMs: duplicateScanIntervalMs,
  run: async () => {
    for (const orgId of await organizationsToScan()) {
      try {
        await scanOrganization(systemContext(orgId), SCAN_BUDGET_MS)
      }
      catch (error) {
        console.error(`[duplicates] scan for organization ${orgId} failed:`, loggable(error))
      }
    }
  },
})

/** Every kind of background work the server runs; the plugin registers them all at start. */
export const JOBS = [privacyTasks, notificationEmail, notificationPush, notificationDispatch, digestEmail, digestDispatch, duplicateScan] as unknown as readonly JobDefinition<never>[]
