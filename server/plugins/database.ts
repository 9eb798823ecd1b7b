import { closeDatabase, useDatabaseHandle } from '../utils/db'
import { loggable } from '../utils/error-envelope'

// Open and migrate at start rather than on the first request; a server that cannot
// reach its database still starts, answers /api/ready with 503 and retries per request.
export default defineNitroPlugin((nitroApp) => {
  useDatabaseHandle().catch((error: unknown) => {
    console.error('[db] not available at start:', loggable(error))
  })
  nitroApp.hooks.hook('close', closeDatabase)
})
