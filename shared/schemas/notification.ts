import { z } from 'zod'
import { NOTIFICATION_KINDS, REMINDER_MAX_OFFSET_MINUTES, REMINDERS_PER_ACTIVITY, type NotificationChannel, type NotificationKind } from '../domain'
import { listQuery, uuid } from './common'

export const notificationKind = z.enum(NOTIFICATION_KINDS)

/** Minutes before the due time: 0 is "at the due time". */
export const reminderOffset = z.int().min(0).max(REMINDER_MAX_OFFSET_MINUTES)

/** An activity's reminders, as offsets before its due time; each offset once. */
export const activityReminders = z.array(reminderOffset).max(REMINDERS_PER_ACTIVITY)
  .refine(offsets => new Set(offsets).size === offsets.length, { error: 'each reminder time once' })

const channelSwitches = z.object({ email: z.boolean(), push: z.boolean() }).partial().strict()

/** Per kind, the channels a person switched against the defaults below; `digest` is the morning email (email only). */
export const notificationSettings = z.object({
  ...Object.fromEntries(NOTIFICATION_KINDS.map(kind => [kind, channelSwitches.optional()])) as Record<NotificationKind, z.ZodOptional<typeof channelSwitches>>,
  digest: z.object({ email: z.boolean() }).partial().strict().optional()
    .meta({ description: 'The morning digest (07:00 on weekdays in the person\'s time zone): on unless `email` is false.' }),
}).strict()
export type NotificationSettings = z.infer<typeof notificationSettings>

/** What reaches a person by email and push unless they switch it: what needs them, not what informs them. */
export const NOTIFICATION_DEFAULTS: Record<NotificationKind, Record<NotificationChannel, boolean>> = {
  reminder: { email: true, push: true },
  record_assigned: { email: true, push: true },
  activity_assigned: { email: true, push: true },
  mention: { email: true, push: true },
  deal_won: { email: false, push: false },
  deal_lost: { email: false, push: false },
  import_finished: { email: false, push: false },
}

export function channelEnabled(settings: NotificationSettings | null | undefined, kind: NotificationKind, channel: NotificationChannel): boolean {
  return settings?.[kind]?.[channel] ?? NOTIFICATION_DEFAULTS[kind][channel]
}

/** Whether the person gets the morning digest: on unless switched off. */
export function digestEnabled(settings: NotificationSettings | null | undefined): boolean {
  return settings?.digest?.email ?? true
}

export const notificationListQuery = listQuery.pick({ page: true, limit: true }).extend({
  unread: z.enum(['true', 'false']).transform(v => v === 'true').optional(),
  kind: notificationKind.optional(),
}).strict()
export type NotificationListQuery = z.infer<typeof notificationListQuery>

/** Marks these as read, or every one of the caller's with `all`. */
export const notificationsRead = z.union([
  z.object({ ids: z.array(uuid).min(1).max(100) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
])
export type NotificationsRead = z.infer<typeof notificationsRead>

export const notificationPreferences = z.object({
  defaultReminderMinutes: reminderOffset.nullable(),
  settings: notificationSettings,
}).partial().strict()
export type NotificationPreferences = z.infer<typeof notificationPreferences>

/** A push service's endpoint: https (plain http is refused by the server in production). */
const pushEndpoint = z.url({ protocol: /^https?$/ }).max(2048)

/** A browser's PushSubscription as `subscription.toJSON()` gives it (expirationTime left out). */
export const pushSubscriptionCreate = z.object({
  endpoint: pushEndpoint,
  keys: z.object({
    // An uncompressed P-256 point (65 bytes) and a 16-byte secret, base64url.
    p256dh: z.string().regex(/^[\w-]{86,88}={0,2}$/, 'a base64url P-256 public key'),
    auth: z.string().regex(/^[\w-]{22,24}={0,2}$/, 'a base64url 16-byte secret'),
  }).strict(),
}).strict()
export type PushSubscriptionCreate = z.infer<typeof pushSubscriptionCreate>

export const pushSubscriptionDelete = z.object({ endpoint: pushEndpoint }).strict()
export type PushSubscriptionDelete = z.infer<typeof pushSubscriptionDelete>
