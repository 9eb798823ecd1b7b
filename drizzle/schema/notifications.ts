import { sql } from 'drizzle-orm'
import { date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { NOTIFICATION_KINDS } from '../../shared/domain'
import { id, orgId, tenantPolicy } from './columns'
import { activities, organizations, users } from './tables'

/**
 * A reminder of an activity's due time: `offset_minutes` before it, so moving the due time
 * moves `remind_at` with it. `fired_at` is set once, by the one dispatcher that claims it.
 */
export const activityReminders = pgTable('activity_reminders', {
  orgId: orgId(),
  id: id(),
  activityId: uuid('activity_id').notNull(),
  offsetMinutes: integer('offset_minutes').notNull(),
  remindAt: timestamp('remind_at', { withTimezone: true }).notNull(),
  firedAt: timestamp('fired_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  foreignKey({ columns: [t.orgId, t.activityId], foreignColumns: [activities.orgId, activities.id] }).onDelete('cascade'),
  uniqueIndex('activity_reminders_offset_key').on(t.orgId, t.activityId, t.offsetMinutes),
  // The dispatcher's scan across organizations: only unfired reminders, by time.
  index('activity_reminders_pending_idx').on(t.remindAt).where(sql`${t.firedAt} is null`),
  tenantPolicy(),
  // Plus policy jobs_lookup for pulse_jobs (custom migration reminders_rls): the role is created there.
])

/** What a notification shows without reading its record again (the record may be gone or renamed). */
export interface NotificationData {
  /** The record's title when it was sent: a subject, a name, a deal title. */
  title?: string
  /** A reminder: the due time it reminds of. */
  dueAt?: string
  /** The person who caused it, by name. */
  actorName?: string
  /** An import: how many rows it created and rejected. */
  created?: number
  rejected?: number
}

/** One notification for one person; the in-app list, and the email state when that channel is on. */
export const notifications = pgTable('notifications', {
  orgId: orgId(),
  id: id(),
  userId: uuid('user_id').notNull(),
  kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
  recordType: text('record_type', { enum: ['contact', 'company', 'deal', 'activity', 'import'] }),
  recordId: uuid('record_id'),
  actorId: uuid('actor_id'),
  data: jsonb('data').$type<NotificationData>().notNull().default({}),
  readAt: timestamp('read_at', { withTimezone: true }),
  // null: no email wanted; pending until the delivery job has sent it (or given up: failed).
  emailState: text('email_state', { enum: ['pending', 'sent', 'failed'] }),
  emailQueuedAt: timestamp('email_queued_at', { withTimezone: true }),
  emailAttempts: integer('email_attempts').notNull().default(0),
  // Likewise for web push: null when the channel is off or the person has no subscribed device.
  pushState: text('push_state', { enum: ['pending', 'sent', 'failed'] }),
  pushQueuedAt: timestamp('push_queued_at', { withTimezone: true }),
  pushAttempts: integer('push_attempts').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  foreignKey({ columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }).onDelete('cascade'),
  index('notifications_org_user_created_idx').on(t.orgId, t.userId, t.createdAt, t.id),
  index('notifications_unread_idx').on(t.orgId, t.userId).where(sql`${t.readAt} is null`),
  index('notifications_record_idx').on(t.orgId, t.recordType, t.recordId),
  index('notifications_email_pending_idx').on(t.createdAt).where(sql`${t.emailState} = 'pending'`),
  index('notifications_push_pending_idx').on(t.createdAt).where(sql`${t.pushState} = 'pending'`),
  // Retention across organizations (notifications_expire, migration notifications_retention).
  index('notifications_created_idx').on(t.createdAt),
  tenantPolicy(),
  // Plus policy jobs_lookup for pulse_jobs (custom migration reminders_rls).
])

/**
 * One browser or installed app of one person that receives web push: the push service's
 * endpoint and the keys the payload is encrypted for. The push service says when it is gone.
 */
export const pushSubscriptions = pgTable('push_subscriptions', {
  orgId: orgId(),
  id: id(),
  userId: uuid('user_id').notNull(),
  endpoint: text('endpoint').notNull(),
  p256dh: text('p256dh').notNull(),
  auth: text('auth').notNull(),
  userAgent: text('user_agent'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  foreignKey({ columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }).onDelete('cascade'),
  // One device is one person's: subscribing it again moves it (across organizations too: see the custom migration).
  uniqueIndex('push_subscriptions_endpoint_key').on(t.endpoint),
  index('push_subscriptions_user_idx').on(t.orgId, t.userId),
  tenantPolicy(),
])

/**
 * The morning digest a person got, one row per person and local calendar day: inserting it
 * is what claims the day, so however many server processes try, one sends it. A day with
 * nothing to report has its row too (`items` 0): it is decided once.
 */
export const digestDeliveries = pgTable('digest_deliveries', {
  orgId: orgId(),
  id: id(),
  userId: uuid('user_id').notNull(),
  localDate: date('local_date', { mode: 'string' }).notNull(),
  timeZone: text('time_zone').notNull(),
  items: integer('items').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  foreignKey({ columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }).onDelete('cascade'),
  uniqueIndex('digest_deliveries_day_key').on(t.orgId, t.userId, t.localDate),
  tenantPolicy(),
])
