import { and, eq, inArray, isNull, lte, notInArray, sql } from 'drizzle-orm'
import { activities, activityReminders, users } from '../../drizzle/schema'
import type { TenantContext, Transaction } from '../utils/tenant'
import { notify } from './notifications'

/** What decides an activity's reminders: they exist only while it has a due time and is not done. */
interface Schedule { id: string, dueAt: Date | null, completedAt: Date | null }

/** The reminder offsets of a new activity: those sent, else its creator's default (none for a done or undated one). */
export async function offsetsForNew(tx: Transaction, ctx: TenantContext, sent: number[] | undefined): Promise<number[]> {
  if (sent) return sent
  if (!ctx.userId) return []
  const [user] = await tx.select({ minutes: users.defaultReminderMinutes }).from(users).where(and(eq(users.orgId, ctx.orgId), eq(users.id, ctx.userId)))
  return user?.minutes == null ? [] : [user.minutes]
}

/**
 * Brings an activity's reminders in line with it: `offsets` (when sent) replaces the set;
 * a moved due time moves every reminder and re-arms those now in the future; completing
 * it, or clearing its due time, cancels them all.
 */
export async function syncReminders(tx: Transaction, orgId: string, activity: Schedule, offsets?: number[]): Promise<void> {
  const mine = and(eq(activityReminders.orgId, orgId), eq(activityReminders.activityId, activity.id))
  if (!activity.dueAt || activity.completedAt) {
    await tx.delete(activityReminders).where(mine)
    return
  }
  if (offsets) {
    await tx.delete(activityReminders).where(offsets.length ? and(mine, notInArray(activityReminders.offsetMinutes, offsets)) : mine)
    if (offsets.length) {
      await tx.insert(activityReminders)
        .values(offsets.map(offsetMinutes => ({ orgId, activityId: activity.id, offsetMinutes, remindAt: remindAt(activity.dueAt!, offsetMinutes) })))
        .onConflictDoNothing()
    }
  }
  const due = activity.dueAt.toISOString()
  // One statement for all: remind_at follows the due time; one that moved into the future fires again.
  await tx.update(activityReminders).set({
    remindAt: sql`${due}::timestamptz - make_interval(mins => ${activityReminders.offsetMinutes})`,
    firedAt: sql`case when ${due}::timestamptz - make_interval(mins => ${activityReminders.offsetMinutes}) > now() then null else ${activityReminders.firedAt} end`,
  }).where(mine)
}

const remindAt = (dueAt: Date, offsetMinutes: number) => new Date(dueAt.getTime() - offsetMinutes * 60_000)

/**
 * Fires this organization's due reminders, each exactly once: the claiming UPDATE locks
 * the rows, so a second dispatcher running at the same moment waits and then finds them
 * fired. The notification goes to the activity's owner, in the same transaction.
 */
export async function fireDueReminders(tx: Transaction, ctx: TenantContext, limit = 1000): Promise<number> {
  const due = tx.select({ id: activityReminders.id }).from(activityReminders)
    .where(and(eq(activityReminders.orgId, ctx.orgId), isNull(activityReminders.firedAt), lte(activityReminders.remindAt, sql`now()`)))
    .orderBy(activityReminders.remindAt)
    .limit(limit)
  const fired = await tx.update(activityReminders).set({ firedAt: sql`now()` })
    .where(and(eq(activityReminders.orgId, ctx.orgId), inArray(activityReminders.id, due), isNull(activityReminders.firedAt)))
    .returning({ activityId: activityReminders.activityId })
  if (!fired.length) return 0
  const targets = await tx.select({ id: activities.id, subject: activities.subject, dueAt: activities.dueAt, ownerId: activities.ownerId })
    .from(activities)
    .where(and(eq(activities.orgId, ctx.orgId), inArray(activities.id, [...new Set(fired.map(f => f.activityId))])))
  const byId = new Map(targets.map(t => [t.id, t]))
  await notify(tx, ctx, fired.flatMap(({ activityId }) => {
    const activity = byId.get(activityId)
    if (!activity?.ownerId) return []
    return [{ userId: activity.ownerId, kind: 'reminder' as const, recordType: 'activity' as const, recordId: activity.id, data: { title: activity.subject, dueAt: activity.dueAt?.toISOString() } }]
  }))
  return fired.length
}
