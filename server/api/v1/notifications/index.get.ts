import * as notifications from '~~/server/services/notifications'
import { notificationListQuery } from '~~/shared/schemas'
import { notificationRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'listNotifications',
  tag: 'Notifications',
  summary: 'List my notifications',
  description: 'Newest first. Only the signed-in person\'s own; API keys have none.',
  access: { user: 'viewer' },
  query: notificationListQuery,
  example: { query: { unread: 'true' } },
  success: { description: 'One page of notifications.', list: notificationRecord },
}, ({ ctx, query }) => notifications.list(ctx, query))
