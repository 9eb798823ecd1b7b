import { AsyncLocalStorage } from 'node:async_hooks'
import type { ApiKeyScope, Role } from '../../shared/domain'
import type { Transaction } from '../database/client'
import { runAsTenant, runWithoutTenant } from '../database/transaction'
import { useDatabaseHandle } from './db'

export type { Transaction }

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
  /** The organization requires a second factor of this person and they have none yet: they may only set one up. */
  mfaEnrolmentDue?: boolean
  /** Outside production: the origin the request was sent to, for links in mails (utils/env.ts, appUrlFor). */
  appUrl?: string | null
}

/** The transaction of `inOneTenantTransaction`, which nested `withTenant` calls join. */
const shared = new AsyncLocalStorage<{ orgId: string, tx: Transaction }>()

/**
 * The one way services reach tenant data: a transaction confined to `ctx.orgId` by
 * row-level security. Services still filter by org id themselves; RLS is the net below.
 * Inside `inOneTenantTransaction` it joins that transaction instead of opening one.
 */
export async function withTenant<T>(ctx: Pick<TenantContext, 'orgId'>, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const outer = shared.getStore()
  if (outer) {
    if (outer.orgId !== ctx.orgId) throw new Error('A tenant transaction cannot reach another organization')
    return work(outer.tx)
  }
  const { db } = await useDatabaseHandle()
  return runAsTenant(db, ctx.orgId, work)
}

/**
 * Runs `work` — and every `withTenant` call it makes, however deep — in one tenant
 * transaction, so several services commit or roll back together (e.g. a `POST` and
 * the stored answer to its `Idempotency-Key`).
 */
export async function inOneTenantTransaction<T>(ctx: Pick<TenantContext, 'orgId'>, work: (tx: Transaction) => Promise<T>): Promise<T> {
  if (shared.getStore()) return withTenant(ctx, work)
  const { db } = await useDatabaseHandle()
  return runAsTenant(db, ctx.orgId, tx => shared.run({ orgId: ctx.orgId, tx }, () => work(tx)))
}

/** For the few lookups that precede a tenant (sign-in): the runtime role with no tenant set. */
export async function withoutTenant<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
  const { db } = await useDatabaseHandle()
  return runWithoutTenant(db, work)
}
