import { sql } from 'drizzle-orm'
import type { ApiKeyScope, Role } from '../../shared/domain'
import { APP_ROLE } from '../../drizzle/schema'
import { observeTransaction } from '../utils/metrics'
import type { Database, Transaction } from './client'

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
  /** Outside production: the origin the request was sent to, for links in mails (utils/env.ts, appUrlFor). */
  appUrl?: string | null
}

/**
 * Runs `work` in one transaction as the unprivileged runtime role with `app.org_id`
 * set locally, so row-level security confines every statement to the tenant, even
 * one that forgets its org filter. Both settings end with the transaction.
 *
 * On PostgreSQL the settings are sent without waiting for their answer: the connection
 * executes statements in the order they were sent, so the tenant's first statement follows
 * them in the same round trip (pipelining) instead of one round trip later. If the settings
 * fail, the transaction is aborted, every later statement of it fails, and their error is
 * the one thrown.
 */
export function runAsTenant<T>(db: Database, orgId: string, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return inTransaction(db, async (tx) => {
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

/**
 * Sends `text` on the transaction's connection immediately and returns its answer, or
 * `undefined` when the driver has no such handle (PGlite, in-process: nothing to save).
 */
function sendNow(tx: Transaction, text: string, params: unknown[]): Promise<unknown> | undefined {
  const client = (tx as unknown as { session?: { client?: Partial<PipelinedClient> } }).session?.client
  if (typeof client?.unsafe !== 'function') return undefined
  return client.unsafe(text, params).execute()
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
  return inTransaction(db, async (tx) => {
    await tx.execute(sql`select set_config('role', ${APP_ROLE}, true)`)
    return work(tx)
  })
}

/** Admission in front of a connection pool: runs `open` once a connection is free, or refuses after a bounded wait. */
export interface TransactionGate { run: <T>(open: () => Promise<T>) => Promise<T> }
const gates = new WeakMap<Database, TransactionGate>()

/** Puts `gate` in front of every transaction on `db` (server/utils/connection-gate.ts, for PostgreSQL's pool). */
export function gateTransactions(db: Database, gate: TransactionGate): void {
  gates.set(db, gate)
}

/** Every request's database work passes here: the wait for a connection (gate included), its use and outcome are measured once. */
function inTransaction<T>(db: Database, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const gate = gates.get(db)
  return observeTransaction(inner => (gate ? gate.run(() => db.transaction(inner)) : db.transaction(inner)), work)
}
