import * as notifications from '~~/server/services/notifications'
import { notificationPreferencesRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'getNotificationPreferences',
  tag: 'Notifications',
  summary: 'My notification preferences',
  access: { user: 'viewer' },
  success: { description: 'The default reminder and the email switches.', data: notificationPreferencesRecord },
}, ({ ctx }) => notifications.preferences(ctx))
