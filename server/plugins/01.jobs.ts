import { JOBS } from '../jobs'
import { loggable } from '../utils/error-envelope'
import { startJobRunner, stopJobRunner } from '../utils/jobs'
import { vapidKeys } from '../utils/push'

const RETRY_MS = 5_000

// The durable job runner (server/utils/jobs.ts) starts once the database answers, retrying
// until it does. Named 01 so its close hook runs before the database plugin's: running jobs
// finish (bounded) and the runner lets go before the pool or PGlite closes.
export default defineNitroPlugin((nitroApp) => {
  // Early, so a production start without VAPID settings says at once that push is off.
  vapidKeys()
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  const start = () => {
    startJobRunner(JOBS).catch((error: unknown) => {
      console.error('[jobs] not started:', loggable(error))
      if (!stopped) timer = setTimeout(start, RETRY_MS).unref()
    })
  }
  start()
  let stopping: Promise<void> | undefined
  const stop = () => {
    stopped = true
    clearTimeout(timer)
    stopping ??= stopJobRunner()
    return stopping
  }
  // The signal comes before Nitro drains: claim nothing new from then on.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stop())
  nitroApp.hooks.hook('close', stop)
})
