import { z } from 'zod'
import { NOTIFICATION_KINDS } from '../../domain'
import { notificationSettings, reminderOffset } from '../notification'
import { recordId, timestamp } from './common'

export const notificationRecord = z.object({
  id: recordId,
  kind: z.enum(NOTIFICATION_KINDS),
  recordType: z.enum(['contact', 'company', 'deal', 'activity', 'import']).nullable().meta({ description: 'What it is about; with `recordId`, where it leads.' }),
  recordId: recordId.nullable(),
  actorId: recordId.nullable().meta({ description: 'Who caused it; `null` for the system (a reminder).' }),
  data: z.object({
    title: z.string().optional().meta({ description: 'The record\'s title when it was sent.' }),
    dueAt: timestamp.optional().meta({ description: 'A reminder: the due time it reminds of.' }),
    actorName: z.string().optional(),
    created: z.int().optional(),
    rejected: z.int().optional(),
  }),
  readAt: timestamp.nullable(),
  createdAt: timestamp,
}).meta({ id: 'Notification' })

export const unreadCount = z.object({ unread: z.int().nonnegative() }).meta({ id: 'UnreadCount' })

export const notificationsMarked = z.object({
  updated: z.int().nonnegative().meta({ description: 'How many were unread and are read now.' }),
  unread: z.int().nonnegative().meta({ description: 'What is still unread.' }),
}).meta({ id: 'NotificationsMarked' })

export const notificationPreferencesRecord = z.object({
  defaultReminderMinutes: reminderOffset.nullable().meta({ description: 'The reminder new activities get, in minutes before their due time; `null`: none.' }),
  settings: notificationSettings.meta({ description: 'Per kind, the channels switched against the defaults (email: on for reminders, assignments and mentions; off for won and lost deals and finished imports), and `digest.email` for the morning digest (on by default).' }),
}).meta({ id: 'NotificationPreferences' })

export const pushKey = z.object({
  publicKey: z.string().nullable().describe('The server\'s VAPID public key (base64url) for `applicationServerKey`; null where push is off.'),
}).meta({ id: 'PushKey' })

export const pushSubscribed = z.object({ id: recordId }).meta({ id: 'PushSubscribed', description: 'The id of this device\'s subscription.' })

export type NotificationRecord = z.infer<typeof notificationRecord>
export type NotificationPreferencesRecord = z.infer<typeof notificationPreferencesRecord>
