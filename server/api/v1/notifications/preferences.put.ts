import * as notifications from '~~/server/services/notifications'
import { notificationPreferences } from '~~/shared/schemas'
import { notificationPreferencesRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'updateNotificationPreferences',
  tag: 'Notifications',
  summary: 'Change my notification preferences',
  description: '`settings` replaces the switches as a whole; a kind left out follows the default.',
  access: { user: 'viewer' },
  body: notificationPreferences,
  example: { body: { defaultReminderMinutes: 15, settings: { deal_won: { email: true } } } },
  success: { description: 'The preferences as they are now.', data: notificationPreferencesRecord },
}, ({ ctx, body }) => notifications.updatePreferences(ctx, body))
