import { markInterruptedImports, stopRunningImports } from '../services/imports'
import { useDatabaseHandle } from '../utils/db'

const SWEEP_MS = 10_000

// Imports whose server died mid-run (no heartbeat for a while) become "interrupted", at
// start and then periodically, so they are offered for resume; on shutdown, this server's
// own runs stop after their current batch and are marked interrupted at once.
export default defineNitroPlugin((nitroApp) => {
  const sweep = () => useDatabaseHandle()
    .then(() => markInterruptedImports())
    .then(count => count && console.info(`[imports] ${count} interrupted import(s) can be resumed`))
    .catch(() => {})
  void sweep()
  const timer = setInterval(sweep, SWEEP_MS)
  timer.unref()
  nitroApp.hooks.hook('close', async () => {
    clearInterval(timer)
    await stopRunningImports()
  })
})
