import { checkTrustedProxies } from '../utils/client-ip'
import { closeRateLimits, startRateLimits } from '../utils/rate-limit'

// Settings are checked and Redis is connected at start; the connection closes with the server.
export default defineNitroPlugin((nitroApp) => {
  checkTrustedProxies()
  startRateLimits()
  nitroApp.hooks.hook('close', closeRateLimits)
})
