import { and, count, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm'
import { notifications, organizations, pushSubscriptions, users, type NotificationData } from '../../drizzle/schema'
import type { NotificationKind } from '../../shared/domain'
import { channelEnabled, type NotificationListQuery, type NotificationPreferences, type NotificationsRead } from '../../shared/schemas'
import { recordPath } from '../../shared/notification-links'
import { effectiveTimeZone } from '../../shared/time-zones'
import { resultRows } from '../database/client'
import type { TenantContext, Transaction } from '../utils/tenant'
import { ApiError, notFound, type ListMeta } from '../utils/api'
import { appUrlFor } from '../utils/env'
import { sendMail } from '../utils/mail'
import { vapidKeys } from '../utils/push'
import { withTenant, withoutTenant } from '../utils/tenant'

export interface NewNotification {
  userId: string
  kind: NotificationKind
  recordType?: 'contact' | 'company' | 'deal' | 'activity' | 'import'
  recordId?: string
  data?: NotificationData
}

/**
 * Notifies people in the caller's transaction, so a notification exists exactly when the
 * change that caused it does. Nobody is notified of their own doing, except of work that
 * ends later on its own (`includeSelf`: an import). The email and the push, where the person
 * wants them for this kind (and, for push, has a device subscribed), are left `pending` for
 * their delivery jobs.
 */
export async function notify(tx: Transaction, ctx: TenantContext, items: NewNotification[], options: { includeSelf?: boolean } = {}): Promise<void> {
  const wanted = items.filter(item => options.includeSelf || item.userId !== ctx.userId)
  if (!wanted.length) return
  const people = await tx.select({ id: users.id, name: users.name, settings: users.notificationSettings }).from(users)
    .where(and(eq(users.orgId, ctx.orgId), inArray(users.id, [...new Set([...wanted.map(i => i.userId), ...(ctx.userId ? [ctx.userId] : [])])])))
  const byId = new Map(people.map(p => [p.id, p]))
  // Push only where it is on and the person has a device subscribed.
  const pushable = vapidKeys()
    ? new Set((await tx.selectDistinct({ userId: pushSubscriptions.userId }).from(pushSubscriptions)
        .where(and(eq(pushSubscriptions.orgId, ctx.orgId), inArray(pushSubscriptions.userId, [...new Set(wanted.map(i => i.userId))])))).map(r => r.userId))
    : new Set<string>()
  const actorName = ctx.userId && !options.includeSelf ? byId.get(ctx.userId)?.name : undefined
  const rows = wanted.filter(item => byId.has(item.userId)).map(item => ({
    orgId: ctx.orgId,
    userId: item.userId,
    kind: item.kind,
    recordType: item.recordType ?? null,
    recordId: item.recordId ?? null,
    actorId: ctx.userId,
    data: { ...item.data, ...(actorName ? { actorName } : {}) },
    emailState: channelEnabled(byId.get(item.userId)!.settings, item.kind, 'email') ? 'pending' as const : null,
    pushState: pushable.has(item.userId) && channelEnabled(byId.get(item.userId)!.settings, item.kind, 'push') ? 'pending' as const : null,
  }))
  if (rows.length) await tx.insert(notifications).values(rows)
}

/** A record's new owner hears of it (not when they made themselves the owner). */
export async function notifyNewOwner(tx: Transaction, ctx: TenantContext, record: { recordType: 'contact' | 'company' | 'deal', recordId: string, title: string, ownerId: string | null | undefined, previousOwnerId?: string | null }): Promise<void> {
  if (!record.ownerId || record.ownerId === record.previousOwnerId) return
  await notify(tx, ctx, [{ userId: record.ownerId, kind: 'record_assigned', recordType: record.recordType, recordId: record.recordId, data: { title: record.title } }])
}

const view = {
  id: notifications.id,
  kind: notifications.kind,
  recordType: notifications.recordType,
  recordId: notifications.recordId,
  actorId: notifications.actorId,
  data: notifications.data,
  readAt: notifications.readAt,
  createdAt: notifications.createdAt,
}

export type Notification = { [K in keyof typeof view]: (typeof notifications.$inferSelect)[K] }

const mine = (ctx: TenantContext) => and(eq(notifications.orgId, ctx.orgId), eq(notifications.userId, personOf(ctx)))

/** Notifications belong to a person: an API key has none. */
function personOf(ctx: TenantContext): string {
  if (!ctx.userId) throw notFound('Notification')
  return ctx.userId
}

/** The caller's notifications, newest first. */
export async function list(ctx: TenantContext, query: NotificationListQuery) {
  const where = and(mine(ctx), query.unread === undefined ? undefined : query.unread ? isNull(notifications.readAt) : sql`${notifications.readAt} is not null`, query.kind ? eq(notifications.kind, query.kind) : undefined)
  return withTenant(ctx, async (tx): Promise<{ data: Notification[], meta: ListMeta }> => {
    const [rows, [total]] = await Promise.all([
      tx.select(view).from(notifications).where(where)
        .orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(query.limit).offset((query.page - 1) * query.limit),
      tx.select({ n: count() }).from(notifications).where(where),
    ])
    return { data: rows, meta: { page: query.page, limit: query.limit, total: total!.n } }
  })
}

export async function unreadCount(ctx: TenantContext): Promise<{ unread: number }> {
  return withTenant(ctx, tx => unreadIn(tx, ctx))
}

/** `unreadCount` inside a transaction the caller holds. */
export async function unreadIn(tx: Transaction, ctx: TenantContext): Promise<{ unread: number }> {
  const [row] = await tx.select({ n: count() }).from(notifications).where(and(mine(ctx), isNull(notifications.readAt)))
  return { unread: row!.n }
}

/**
 * Marks some or all of the caller's notifications read; answers how many changed and what
 * is still unread. As with the bulk actions, an id that is not one of the caller's changes
 * nothing at all and answers 404 naming it (`ids.<index>`).
 */
export async function markRead(ctx: TenantContext, input: NotificationsRead): Promise<{ updated: number, unread: number }> {
  return withTenant(ctx, async (tx) => {
    if ('ids' in input) {
      const found = new Set((await tx.select({ id: notifications.id }).from(notifications).where(and(mine(ctx), inArray(notifications.id, input.ids)))).map(r => r.id))
      const missing = input.ids.flatMap((id, index) => (found.has(id) ? [] : [{ path: `ids.${index}`, message: `no notification of yours has id ${id}` }]))
      if (missing.length) throw new ApiError(404, 'NOT_FOUND', `${missing.length} of ${input.ids.length} notifications not found; nothing was changed`, missing)
    }
    const which = 'all' in input ? mine(ctx) : and(mine(ctx), inArray(notifications.id, input.ids))
    const updated = await tx.update(notifications).set({ readAt: sql`now()` })
      .where(and(which, isNull(notifications.readAt))).returning({ id: notifications.id })
    const [row] = await tx.select({ n: count() }).from(notifications).where(and(mine(ctx), isNull(notifications.readAt)))
    return { updated: updated.length, unread: row!.n }
  })
}

export async function preferences(ctx: TenantContext) {
  return withTenant(ctx, tx => preferencesIn(tx, ctx))
}

async function preferencesIn(tx: Transaction, ctx: TenantContext) {
  const [row] = await tx.select({ defaultReminderMinutes: users.defaultReminderMinutes, settings: users.notificationSettings })
    .from(users).where(and(eq(users.orgId, ctx.orgId), eq(users.id, personOf(ctx))))
  if (!row) throw notFound('User')
  return row
}

export async function updatePreferences(ctx: TenantContext, input: NotificationPreferences) {
  return withTenant(ctx, async (tx) => {
    const values = {
      ...(input.defaultReminderMinutes === undefined ? {} : { defaultReminderMinutes: input.defaultReminderMinutes }),
      ...(input.settings === undefined ? {} : { notificationSettings: input.settings }),
    }
    // An empty body changes nothing (and an UPDATE without columns is not SQL).
    if (Object.keys(values).length) await tx.update(users).set(values).where(and(eq(users.orgId, ctx.orgId), eq(users.id, personOf(ctx))))
    return preferencesIn(tx, ctx)
  })
}

/** How long a queued email may wait before the dispatcher assumes its job was lost and queues it again. */
export const EMAIL_REQUEUE_MINUTES = 15
const EMAIL_ATTEMPTS = 3
const PUSH_ATTEMPTS = 3

/** Organizations with due reminders, and with emails and pushes to queue: the dispatcher's only reads across tenants. */
export async function organizationsWithWork(): Promise<{ reminders: string[], emails: string[], pushes: string[] }> {
  return withoutTenant(async (tx) => {
    const [reminders, emails, pushes] = await Promise.all([
      tx.execute(sql`select org_id from jobs_due_reminder_orgs()`),
      tx.execute(sql`select org_id from jobs_pending_email_orgs(make_interval(mins => ${EMAIL_REQUEUE_MINUTES}))`),
      tx.execute(sql`select org_id from jobs_pending_push_orgs(make_interval(mins => ${EMAIL_REQUEUE_MINUTES}))`),
    ])
    const orgs = (result: typeof reminders) => resultRows<{ org_id: string }>(result).map(r => r.org_id)
    return { reminders: orgs(reminders), emails: orgs(emails), pushes: orgs(pushes) }
  })
}

/** Claims this organization's emails to queue (marking them queued now) and answers their ids. */
export async function claimPendingEmails(tx: Transaction, orgId: string, limit = 500): Promise<string[]> {
  const rows = await tx.update(notifications).set({ emailQueuedAt: sql`now()` })
    .where(and(
      eq(notifications.orgId, orgId), eq(notifications.emailState, 'pending'), lt(notifications.emailAttempts, EMAIL_ATTEMPTS),
      or(isNull(notifications.emailQueuedAt), lt(notifications.emailQueuedAt, sql`now() - make_interval(mins => ${EMAIL_REQUEUE_MINUTES})`)),
      inArray(notifications.id, tx.select({ id: notifications.id }).from(notifications)
        .where(and(eq(notifications.orgId, orgId), eq(notifications.emailState, 'pending'))).limit(limit)),
    ))
    .returning({ id: notifications.id })
  return rows.map(r => r.id)
}

/** Claims this organization's pushes to queue, as claimPendingEmails does for emails. */
export async function claimPendingPushes(tx: Transaction, orgId: string, limit = 500): Promise<string[]> {
  const rows = await tx.update(notifications).set({ pushQueuedAt: sql`now()` })
    .where(and(
      eq(notifications.orgId, orgId), eq(notifications.pushState, 'pending'), lt(notifications.pushAttempts, PUSH_ATTEMPTS),
      or(isNull(notifications.pushQueuedAt), lt(notifications.pushQueuedAt, sql`now() - make_interval(mins => ${EMAIL_REQUEUE_MINUTES})`)),
      inArray(notifications.id, tx.select({ id: notifications.id }).from(notifications)
        .where(and(eq(notifications.orgId, orgId), eq(notifications.pushState, 'pending'))).limit(limit)),
    ))
    .returning({ id: notifications.id })
  return rows.map(r => r.id)
}

/** The placeholders of a notification's texts (locales: email.notification.kinds), for its mail and its push. */
export function notificationValues(row: { kind: string, name: string, organization: string, data: NotificationData, userZone?: string | null, organizationZone?: string | null }): Record<string, string> {
  return {
    timeZone: effectiveTimeZone(row.userZone, row.organizationZone),
    kind: row.kind,
    name: row.name,
    organization: row.organization,
    title: row.data.title ?? '',
    actor: row.data.actorName ?? '',
    due: row.data.dueAt ?? '',
    created: String(row.data.created ?? 0),
    rejected: String(row.data.rejected ?? 0),
  }
}

/**
 * Sends one notification's email, at least once: it stays `pending` until the mail has
 * gone. Another job for the same notification waits on the row lock and then finds it
 * sent. A failed attempt is counted in a transaction of its own; after the third the
 * email is `failed` (the in-app notification is unaffected) and the error goes to the job.
 */
export async function deliverEmail(ctx: TenantContext, notificationId: string): Promise<void> {
  const which = and(eq(notifications.orgId, ctx.orgId), eq(notifications.id, notificationId))
  try {
    await withTenant(ctx, async (tx) => {
      const [row] = await tx.select({
        kind: notifications.kind, data: notifications.data, recordType: notifications.recordType, recordId: notifications.recordId,
        email: users.email, name: users.name, locale: users.locale, organization: organizations.name,
        userZone: users.timeZone, organizationZone: organizations.timeZone,
      }).from(notifications)
        .innerJoin(users, and(eq(users.orgId, notifications.orgId), eq(users.id, notifications.userId)))
        .innerJoin(organizations, eq(organizations.id, notifications.orgId))
        .where(and(which, eq(notifications.emailState, 'pending')))
        .for('update', { of: notifications })
      if (!row) return
      await sendMail({
        to: row.email,
        locale: row.locale,
        template: 'notification',
        data: { ...notificationValues(row), link: new URL(recordPath(row.recordType, row.recordId), appUrlFor(ctx)).href },
      })
      await tx.update(notifications).set({ emailState: 'sent', emailAttempts: sql`${notifications.emailAttempts} + 1` }).where(which)
    })
  }
  catch (error) {
    await withTenant(ctx, tx => tx.update(notifications).set({
      emailAttempts: sql`${notifications.emailAttempts} + 1`,
      emailState: sql`case when ${notifications.emailAttempts} + 1 >= ${EMAIL_ATTEMPTS} then 'failed' else ${notifications.emailState} end`,
    }).where(and(which, eq(notifications.emailState, 'pending'))))
    throw error
  }
}
