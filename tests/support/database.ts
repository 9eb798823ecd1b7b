import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { inject } from 'vitest'
import { openDatabase, type DatabaseHandle } from '../../server/database/client'

/** A migrated database for one test file: the run's PostgreSQL database, or a private in-memory PGlite. */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const url = inject('databaseUrl') || undefined
  const handle = await openDatabase({ url, poolMax: 4, pgliteDir: 'memory://' })
  if (!url) await handle.migrate()
  return handle
}

/**
 * A PostgreSQL database of its own beside the run's (empty; a server migrates it at start),
 * for a test whose figures must not see other files' rows; '' on embedded PGlite, where
 * every started server has its own database anyway.
 */
export async function createPrivateDatabase(): Promise<{ url: string, drop: () => Promise<void> }> {
  const runUrl = inject('databaseUrl')
  if (!runUrl) return { url: '', drop: async () => {} }
  const name = `pulse_private_${randomBytes(4).toString('hex')}`
  const admin = postgres(runUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  const url = new URL(runUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`)
      await admin.end()
    },
  }
}
