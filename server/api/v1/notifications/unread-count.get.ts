import * as notifications from '~~/server/services/notifications'
import { unreadCount } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'countUnreadNotifications',
  tag: 'Notifications',
  summary: 'Count my unread notifications',
  description: 'What the bell in the header shows; cheap enough to ask every few seconds.',
  access: { user: 'viewer' },
  success: { description: 'The unread count.', data: unreadCount },
}, ({ ctx }) => notifications.unreadCount(ctx))
