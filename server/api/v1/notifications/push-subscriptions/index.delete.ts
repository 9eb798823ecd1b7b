import * as push from '~~/server/services/push'
import { pushSubscriptionDelete } from '~~/shared/schemas'
import { removed } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'deletePushSubscription',
  tag: 'Notifications',
  summary: 'Unsubscribe a device from web push',
  description: 'One of the caller\'s own subscriptions, by its endpoint.',
  errors: { 404: 'No subscription of the caller has this endpoint.' },
  access: { user: 'viewer' },
  body: pushSubscriptionDelete,
  example: { body: { endpoint: 'https://push.example.com/send/0190a1b2-0000-7000-8000-000000000001' } },
  success: { description: 'The id of the removed subscription.', data: removed },
}, ({ ctx, body }) => push.unsubscribe(ctx, body))
