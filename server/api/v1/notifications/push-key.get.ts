import * as push from '~~/server/services/push'
import { pushKey } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'getPushKey',
  tag: 'Notifications',
  summary: 'The key for web push subscriptions',
  description: 'The server\'s VAPID public key, for `pushManager.subscribe({ applicationServerKey })`. `null` where web push is not configured.',
  access: { user: 'viewer' },
  success: { description: 'The public key, or null.', data: pushKey },
}, () => push.publicKey())
