import { sql } from 'drizzle-orm'
import type { ApiKeyScope, Role } from '../../shared/domain'
import { APP_ROLE } from '../../drizzle/schema'
import { observeTransaction } from '../utils/metrics'
import type { Database, Transaction } from './client'
import type { PgDialect } from 'drizzle-orm/pg-core'
import { PostgresJsSession, PostgresJsTransaction } from 'drizzle-orm/postgres-js'

/** Who acts, for which organization. Comes only from the authenticated principal. */
export interface TenantContext {
  orgId: string
  userId: string | null
  role: Role
  actorType: 'user' | 'api_key' | 'system'
  /** Set when an API key authenticated the request (then `userId` is null). */
  apiKeyId?: string
  scope?: ApiKeyScope
  ip?: string | null
  userAgent?: string | null
}

/**
 * Runs `work` in one transaction as the unprivileged runtime role with `app.org_id`
 * set locally, so row-level security confines every statement to the tenant, even
 * one that forgets its org filter. Both settings end with the transaction.
 */
export function runAsTenant<T>(db: Database, orgId: string, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return inTransaction(db, orgId, work)
}

/**
 * One statement outside any transaction, through the same admission gate: for a lookup
 * that is a single SECURITY DEFINER function call (the per-request session check), where a
 * transaction would only add BEGIN, set_config and COMMIT round trips.
 */
export function runStatement<T>(db: Database, work: (db: Database) => Promise<T>): Promise<T> {
  const gate = gates.get(db)
  return gate ? gate.run(() => work(db)) : work(db)
}

/** The same runtime role with no tenant: only functions granted to it (sign-in lookup) see anything. */
export function runWithoutTenant<T>(db: Database, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return inTransaction(db, null, work)
}

/** Admission in front of a connection pool: runs `open` once a connection is free, or refuses after a bounded wait. */
export interface TransactionGate { run: <T>(open: () => Promise<T>) => Promise<T> }
const gates = new WeakMap<Database, TransactionGate>()

/** Puts `gate` in front of every transaction on `db` (server/utils/connection-gate.ts, for PostgreSQL's pool). */
export function gateTransactions(db: Database, gate: TransactionGate): void {
  gates.set(db, gate)
}

/**
 * Every request's database work passes here: the wait for a connection (gate included), its
 * use and outcome are measured once. The transaction first sets the runtime role and, for a
 * tenant, `app.org_id`. On PostgreSQL it is opened without waiting (`pipelined`); on PGlite,
 * in process with no round trips to save, through Drizzle's own `transaction`.
 */
function inTransaction<T>(db: Database, orgId: string | null, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const gate = gates.get(db)
  const client = reservableClient(db)
  const begin = client
    ? (inner: (tx: Transaction) => Promise<T>) => pipelined(db, client, orgId, inner)
    : (inner: (tx: Transaction) => Promise<T>) => db.transaction(async (tx) => {
        await tx.execute(orgId === null
          ? sql`select set_config('role', ${APP_ROLE}, true)`
          : sql`select set_config('role', ${APP_ROLE}, true), set_config('app.org_id', ${orgId}, true)`)
        return inner(tx)
      })
  return observeTransaction(inner => (gate ? gate.run(() => begin(inner)) : begin(inner)), work)
}

/** What Drizzle's postgres.js driver keeps of its client and schema (the parts its own `transaction` uses). */
interface DrizzlePostgresSession { client: ReservableClient, dialect: PgDialect, schema: unknown, options: unknown }
interface ReservedConnection {
  unsafe: (text: string, params?: unknown[]) => Promise<unknown> & { execute: () => Promise<unknown> }
  release: () => void
}
interface ReservableClient { reserve: () => Promise<ReservedConnection> }

function reservableClient(db: Database): ReservableClient | undefined {
  const client = (db as unknown as { session?: Partial<DrizzlePostgresSession> }).session?.client
  return typeof client?.reserve === 'function' ? client : undefined
}

/**
 * A transaction on a reserved connection whose opening costs no round trip of its own.
 * postgres.js's `begin` (under Drizzle's `transaction`) waits for BEGIN's answer before the
 * first statement, and every round trip is a socket write and a wake-up of the database
 * process: on the benchmark machine the writes alone were 30 % of a contact read's CPU.
 * Here BEGIN, the settings and the first statement of `work` are written together (postgres.js
 * sends what is queued in one tick as one write) and PostgreSQL runs them in order, so a
 * one-statement read takes two round trips (that batch, COMMIT) instead of three.
 *
 * Safety is the same as `begin`'s: if the settings fail, the transaction is aborted and every
 * later statement of it fails (their error is thrown, the settings' first); on any error the
 * transaction is rolled back before the connection goes back to the pool, and a connection
 * that broke is replaced by the pool. Nested transactions (savepoints) are not offered: tenant
 * work uses none.
 */
async function pipelined<T>(db: Database, client: ReservableClient, orgId: string | null, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const session = (db as unknown as { session: DrizzlePostgresSession }).session
  const connection = await client.reserve()
  try {
    const opened = Promise.all([
      connection.unsafe('begin').execute(),
      orgId === null
        ? connection.unsafe('select set_config(\'role\', $1, true)', [APP_ROLE]).execute()
        : connection.unsafe('select set_config(\'role\', $1, true), set_config(\'app.org_id\', $2, true)', [APP_ROLE, orgId]).execute(),
    ])
    // Drizzle's transaction objects, built as its own `transaction` builds them, on this connection.
    const txSession = new PostgresJsSession(connection as never, session.dialect, session.schema as never, session.options as never)
    const tx = new PostgresJsTransaction(session.dialect, txSession, session.schema as never) as unknown as Transaction
    let result: T
    try {
      result = await work(tx)
      await opened
    }
    catch (error) {
      await connection.unsafe('rollback').catch(() => {})
      throw await opened.then(() => error, (settingsError: unknown) => settingsError)
    }
    await connection.unsafe('commit')
    return result
  }
  finally {
    connection.release()
  }
}
