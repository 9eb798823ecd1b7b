import * as notifications from '~~/server/services/notifications'
import { notificationsRead } from '~~/shared/schemas'
import { notificationsMarked } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'markNotificationsRead',
  tag: 'Notifications',
  summary: 'Mark notifications read',
  description: 'Some by id, or every one with `{ "all": true }`. All or nothing: if any id is not one of the caller\'s notifications, nothing changes and the 404 names each such id (`ids.<index>`).',
  errors: { 404: 'An id is not one of the caller\'s notifications; nothing was changed.' },
  access: { user: 'viewer' },
  body: notificationsRead,
  example: { body: { ids: ['0190a1b2-0000-7000-8000-000000000001'] } },
  success: { description: 'How many changed, and what is still unread.', data: notificationsMarked },
}, ({ ctx, body }) => notifications.markRead(ctx, body))
