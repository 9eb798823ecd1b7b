import { logLine } from '../utils/request-log'
import { shutdownConfig } from '../utils/shutdown'

// Nitro drains and closes on the shutdown signals (server/utils/shutdown.ts); this says so in
// the log, so an operator sees when a stop began and that it ended cleanly.
export default defineNitroPlugin((nitroApp) => {
  const config = shutdownConfig()
  if (!config.enabled || import.meta.dev) return
  for (const signal of config.signals) {
    process.once(signal, () => {
      logLine('info', 'shutdown', { signal, timeoutMs: config.timeoutMs })
    })
  }
  // Registered after the database and Redis plugins (alphabetical order), so it runs once they have closed.
  nitroApp.hooks.hook('close', () => {
    logLine('info', 'shutdown complete', { uptimeSeconds: Math.round(process.uptime()) })
  })
})
