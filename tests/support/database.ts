import { inject } from 'vitest'
import { openDatabase, type DatabaseHandle } from '../../server/database/client'

/** A migrated database for one test file: the run's PostgreSQL database, or a private in-memory PGlite. */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const url = inject('databaseUrl') || undefined
  const handle = await openDatabase({ url, poolMax: 4, pgliteDir: 'memory://' })
  if (!url) await handle.migrate()
  return handle
}
