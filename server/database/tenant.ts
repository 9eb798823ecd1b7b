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
}

/**
 * Runs `work` in one transaction as the unprivileged runtime role with `app.org_id`
 * set locally, so row-level security confines every statement to the tenant, even
 * one that forgets its org filter. Both settings end with the transaction.
 */
export function runAsTenant<T>(db: Database, orgId: string, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return inTransaction(db, async (tx) => {
    await tx.execute(sql`select set_config('role', ${APP_ROLE}, true), set_config('app.org_id', ${orgId}, true)`)
    return work(tx)
  })
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
