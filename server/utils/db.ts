import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { openDatabase, resultRows, type DatabaseHandle } from '../database/client'
import { DEMO_OWNER_EMAIL } from '../database/demo-login'
import { configureTransactions, runWithoutTenant } from '../database/transaction'
import { ConnectionGate } from './connection-gate'
import { serverEnv } from './env'
import { metrics, observeTransaction, timeDatabaseQueries } from './metrics'
import { hashPassword } from './password'

// One handle per process; kept on globalThis so dev-server reloads do not open PGlite twice.
const state = globalThis as typeof globalThis & { __pulseDb?: Promise<DatabaseHandle> }

/**
 * The database selected by the environment (PostgreSQL with DATABASE_URL, else embedded
 * PGlite), opened once, migrated, and — when it is a brand-new embedded one — given a
 * demo organization. Every caller waits for that, so no request sees a half-made schema.
 */
export function useDatabaseHandle(): Promise<DatabaseHandle> {
  if (!state.__pulseDb) {
    state.__pulseDb = initialise()
    // A failed start is retried by the next caller instead of being cached.
    state.__pulseDb.catch(() => {
      state.__pulseDb = undefined
    })
  }
  return state.__pulseDb
}

async function initialise(): Promise<DatabaseHandle> {
  const env = serverEnv()
  const onDisk = !env.DATABASE_URL && !env.PGLITE_DIR.includes('://')
  const fresh = !env.DATABASE_URL && (!onDisk || !existsSync(join(env.PGLITE_DIR, 'PG_VERSION')))
  const started = performance.now()
  timeDatabaseQueries()
  metrics().dbPoolMax.set(env.DATABASE_URL ? env.DATABASE_POOL_MAX : 1)
  const handle = await openDatabase({
    url: env.DATABASE_URL,
    migrationUrl: env.DATABASE_MIGRATION_URL,
    poolMax: env.DATABASE_POOL_MAX,
    statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    pgliteDir: env.PGLITE_DIR,
  })
  // PGlite has one connection and queues inside itself; PostgreSQL's pool gets a bounded wait.
  configureTransactions(handle.db, {
    gate: handle.kind === 'postgres' ? new ConnectionGate(env.DATABASE_POOL_MAX, env.DATABASE_POOL_WAIT_MS) : undefined,
    observe: observeTransaction,
  })
  try {
    await handle.migrate()
  }
  catch (error) {
    await handle.close().catch(() => {})
    throw error
  }
  console.info(`[db] ${handle.kind} ready, migrations applied in ${Math.round(performance.now() - started)} ms`)
  const wanted = env.PULSE_SEED_DEMO === 'always' || (env.PULSE_SEED_DEMO === 'auto' && fresh)
  if (wanted && !(await demoExists(handle))) {
    // Loaded only when needed: the generator and its name lists are most of the server's memory.
    const { seedDemoOrganization } = await import('../database/seed')
    const demo = await seedDemoOrganization(handle.db, { hashPassword })
    console.info(`[db] demo organization "${demo.orgName}" created — sign in as ${demo.ownerEmail} / ${demo.ownerPassword}`)
  }
  return handle
}

/** Emails are unique across tenants, so a second demo seed into the same database would fail. */
async function demoExists(handle: DatabaseHandle): Promise<boolean> {
  const result = await runWithoutTenant(handle.db, tx => tx.execute(sql`select 1 from auth_find_login(${DEMO_OWNER_EMAIL})`))
  return resultRows(result).length > 0
}

export async function closeDatabase() {
  const handle = state.__pulseDb
  state.__pulseDb = undefined
  if (handle) await (await handle.catch(() => null))?.close()
}
