import { existsSync, mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { sql } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import * as schema from '../../drizzle/schema'

export type Schema = typeof schema
export type Database = PgDatabase<PgQueryResultHKT, Schema>
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]

export interface DatabaseOptions {
  /** PostgreSQL connection string; without it an embedded PGlite database is used. */
  url?: string
  /** Connection used for migrations (the schema owner); defaults to `url`. */
  migrationUrl?: string
  poolMax?: number
  /** PostgreSQL `statement_timeout` of every pooled connection (lock waits included). */
  statementTimeoutMs?: number
  /** PGlite data directory, or `memory://` for a throw-away database. */
  pgliteDir?: string
}

export interface DatabaseHandle {
  kind: 'postgres' | 'pglite'
  db: Database
  /** How other database clients of this process reach the same database (the job runner). */
  connection: { ownerUrl: string, pglite?: undefined } | { pglite: unknown, ownerUrl?: undefined }
  migrate: () => Promise<void>
  ping: () => Promise<void>
  close: () => Promise<void>
}

const drizzleConfig = { schema, casing: 'snake_case' } as const
const DEFAULT_POOL_MAX = 10
/** postgres.js's `connect_timeout`, in seconds. */
export const CONNECT_TIMEOUT_S = 5

/** Where the generated migrations are: shipped beside the built server, or the source tree in development. */
export function migrationsFolder(): string {
  const candidates = [
    process.env.PULSE_MIGRATIONS_DIR,
    process.argv[1] ? resolve(dirname(process.argv[1]), 'migrations') : undefined,
    resolve(process.cwd(), 'drizzle/migrations'),
  ].filter((c): c is string => !!c)
  const found = candidates.find(c => existsSync(resolve(c, 'meta/_journal.json')))
  if (!found) throw new Error(`No migrations found (looked in ${candidates.join(', ')})`)
  return found
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  return options.url ? openPostgres(options.url, options) : openPglite(options.pgliteDir ?? '.data/pglite')
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<DatabaseHandle> {
  const client = postgres(url, {
    max: options.poolMax ?? DEFAULT_POOL_MAX,
    idle_timeout: 30,
    connect_timeout: CONNECT_TIMEOUT_S,
    // postgres.js's own backoff grows to 20 s, holding queued queries that long after a short outage (tests/hardening/faults.test.ts).
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    onnotice: () => {},
    connection: { application_name: 'pulse', ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}) },
  })
  const db = drizzlePostgres({ client, ...drizzleConfig }) as unknown as Database
  return {
    kind: 'postgres',
    db,
    connection: { ownerUrl: options.migrationUrl ?? url },
    async migrate() {
      const ownerClient = postgres(options.migrationUrl ?? url, { max: 1, onnotice: () => {} })
      try {
        await migratePostgres(drizzlePostgres({ client: ownerClient, ...drizzleConfig }), { migrationsFolder: migrationsFolder() })
      }
      finally {
        await ownerClient.end({ timeout: 5 })
      }
    },
    async ping() {
      await db.execute(sql`select 1`)
    },
    async close() {
      await client.end({ timeout: 10 })
    },
  }
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true })
  // Loaded on demand so a PostgreSQL deployment never pays for the embedded engine.
  const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }, { pg_trgm }, { btree_gin }] = await Promise.all([
    import('@electric-sql/pglite'), import('drizzle-orm/pglite'), import('drizzle-orm/pglite/migrator'),
    import('@electric-sql/pglite/contrib/pg_trgm'), import('@electric-sql/pglite/contrib/btree_gin'),
  ])
  // The extensions search needs (created by migration 0005), as PostgreSQL's contrib ships them.
  const client = await PGlite.create(dataDir, { extensions: { pg_trgm, btree_gin } })
  const db = drizzlePglite({ client, ...drizzleConfig }) as unknown as Database
  return {
    kind: 'pglite',
    db,
    connection: { pglite: client },
    async migrate() {
      await migratePglite(drizzlePglite({ client, ...drizzleConfig }), { migrationsFolder: migrationsFolder() })
    },
    async ping() {
      await client.query('select 1')
    },
    async close() {
      if (!client.closed) await client.close()
    },
  }
}

/** Rows of a raw `execute()`: postgres.js answers with an array, PGlite with `{ rows }`. */
export function resultRows<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[]
  return ((result as { rows?: T[] }).rows ?? [])
}
