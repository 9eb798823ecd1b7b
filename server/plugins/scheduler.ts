import { runPrivacyTasks, schedulerConfig } from '../services/privacy/scheduler'
import { loggable } from '../utils/error-envelope'

// The scheduled privacy task (retention rules, organization deletions after their grace
// period): one pass shortly after start, then every PULSE_PRIVACY_TASK_INTERVAL_MS. Safe
// with several instances (an advisory lock picks one per pass). On shutdown no new pass
// starts and the running one is awaited before the process ends.
export default defineNitroPlugin((nitroApp) => {
  const config = schedulerConfig()
  if (!config.intervalMs) return
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined

  const pass = () => {
    timer = undefined
    running = runPrivacyTasks(config)
      .then((report) => {
        if (report.deleted.length || report.retention.length) console.info('[privacy] scheduled task', JSON.stringify(report))
      })
      .catch((error: unknown) => console.error('[privacy] scheduled task failed:', loggable(error)))
      .finally(() => {
        running = undefined
        if (!stopped) schedule(config.intervalMs)
      })
  }
  const schedule = (delay: number) => {
    timer = setTimeout(pass, delay)
    timer.unref()
  }
  const stop = async () => {
    stopped = true
    if (timer) clearTimeout(timer)
    await running
  }

  schedule(Math.min(config.intervalMs, 5_000))
  // The signal comes before Nitro's close hook closes the database: stop first, then let the pass finish.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stop())
  nitroApp.hooks.hook('close', stop)
})
