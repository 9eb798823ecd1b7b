import { closeDatabase, useDatabaseHandle } from '../utils/db'

// Open and migrate at start rather than on the first request; a server that cannot
// reach its database still starts, answers /api/ready with 503 and retries per request.
export default defineNitroPlugin((nitroApp) => {
  useDatabaseHandle().catch((error: unknown) => {
    console.error('[db] not available at start:', error instanceof Error ? error.message : error)
  })
  nitroApp.hooks.hook('close', closeDatabase)
})
