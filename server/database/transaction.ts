import { sql } from 'drizzle-orm'
import { APP_ROLE } from '../../drizzle/schema'
import { CONNECT_TIMEOUT_S, type Database, type Transaction } from './client'

// How a transaction opens on a database: as the runtime role, with the tenant set locally.
// Request code reaches this through withTenant (server/utils/tenant.ts), never directly.

/**
 * Runs `work` in one transaction as the unprivileged runtime role with `app.org_id`
 * set locally, so row-level security confines every statement to the tenant, even
 * one that forgets its org filter. Both settings end with the transaction.
 */
export function runAsTenant<T>(db: Database, orgId: string, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return inTransaction(db, async (tx) => {
    // Pipelined on PostgreSQL: the tenant's first statement follows in the same round trip; a failed setting aborts the transaction, so later statements fail too.
    const settings = sendNow(tx, 'select set_config(\'role\', $1, true), set_config(\'app.org_id\', $2, true)', [APP_ROLE, orgId])
    if (!settings) {
      await tx.execute(sql`select set_config('role', ${APP_ROLE}, true), set_config('app.org_id', ${orgId}, true)`)
      return work(tx)
    }
    try {
      const result = await work(tx)
      await settings
      return result
    }
    catch (error) {
      await settings
      throw error
    }
  })
}

/** postgres.js's transaction handle under Drizzle's: `execute()` writes a statement to the connection at once. */
interface PipelinedClient { unsafe: (text: string, params: unknown[]) => { execute: () => Promise<unknown> } }

/** Sends `text` at once and returns its answer, or `undefined` on a driver without such a handle (PGlite: in-process, nothing to save). */
function sendNow(tx: Transaction, text: string, params: unknown[]): Promise<unknown> | undefined {
  const client = (tx as unknown as { session?: { client?: Partial<PipelinedClient> } }).session?.client
  if (typeof client?.unsafe !== 'function') return undefined
  return client.unsafe(text, params).execute()
}

/** One statement outside a transaction, through the same gate: for a single SECURITY DEFINER call, where BEGIN and COMMIT would only add round trips. */
export function runStatement<T>(db: Database, work: (db: Database) => Promise<T>): Promise<T> {
  const gate = hooks.get(db)?.gate
  return gate ? gate.run(() => work(db)) : work(db)
}

/** The same runtime role with no tenant: only functions granted to it (sign-in lookup) see anything. */
export function runWithoutTenant<T>(db: Database, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return inTransaction(db, async (tx) => {
    await tx.execute(sql`select set_config('role', ${APP_ROLE}, true)`)
    return work(tx)
  })
}

/** Admission in front of a connection pool: runs `open` once a connection is free, or refuses after a bounded wait. */
export interface TransactionGate { run: <T>(open: () => Promise<T>) => Promise<T> }

/** Wraps every transaction; `begin` calls its callback once it holds a connection (server/utils/metrics.ts measures this way). */
export type TransactionObserver = <T>(begin: (inner: (tx: Transaction) => Promise<T>) => Promise<T>, work: (tx: Transaction) => Promise<T>) => Promise<T>

/** What the application puts around the transactions of one database (server/utils/db.ts). */
export interface TransactionHooks { gate?: TransactionGate, observe?: TransactionObserver }

const hooks = new WeakMap<Database, TransactionHooks>()

export function configureTransactions(db: Database, configured: TransactionHooks): void {
  hooks.set(db, configured)
}

function inTransaction<T>(db: Database, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const { gate, observe } = hooks.get(db) ?? {}
  const begin = (inner: (tx: Transaction) => Promise<T>) => (gate ? gate.run(() => transactOnce(db, inner)) : transactOnce(db, inner))
  return observe ? observe(begin, work) : begin(work)
}

/**
 * Opens the transaction; while the pool hands over connection attempts that began before this
 * transaction and time out (left from an outage, once the database is back), opens it again on
 * the next connection. Nothing of `work` ran, so trying again is safe; a timeout of an attempt
 * of its own (the connect timeout has passed) is the answer (tests/hardening/faults.test.ts).
 */
async function transactOnce<T>(db: Database, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const started = performance.now()
  for (;;) {
    let ran = false
    try {
      return await db.transaction((tx) => {
        ran = true
        return work(tx)
      })
    }
    catch (error) {
      const stale = !ran && performance.now() - started < CONNECT_TIMEOUT_S * 1000 && hasCode(error, 'CONNECT_TIMEOUT')
      if (!stale) throw error
    }
  }
}

function hasCode(error: unknown, code: string): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === code) return true
  }
  return false
}
