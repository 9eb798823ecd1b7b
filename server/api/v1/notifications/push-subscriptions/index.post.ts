import * as push from '~~/server/services/push'
import { pushSubscriptionCreate } from '~~/shared/schemas'
import { pushSubscribed } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'createPushSubscription',
  tag: 'Notifications',
  summary: 'Subscribe this device to web push',
  description: 'The browser\'s `PushSubscription` (`subscription.toJSON()`, without `expirationTime`). Subscribing an endpoint again updates it; an endpoint is one person\'s, the last to subscribe it.',
  access: { user: 'viewer' },
  body: pushSubscriptionCreate,
  example: {
    body: {
      endpoint: 'https://push.example.com/send/0190a1b2-0000-7000-8000-000000000001',
      keys: { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM', auth: 'tBHItJI5svbpez7KI4CCXg' },
    },
  },
  success: { status: 201, description: 'The subscription\'s id.', data: pushSubscribed },
}, ({ ctx, body }) => push.subscribe(ctx, body))
