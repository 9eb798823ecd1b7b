import { runAsTenant, runWithoutTenant, type TenantContext } from '../database/tenant'
import type { Transaction } from '../database/client'
import { useDatabaseHandle } from './db'

export type { TenantContext, Transaction }

/**
 * The one way services reach tenant data: a transaction confined to `ctx.orgId` by
 * row-level security. Services still filter by org id themselves; RLS is the net below.
 */
export async function withTenant<T>(ctx: Pick<TenantContext, 'orgId'>, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const { db } = await useDatabaseHandle()
  return runAsTenant(db, ctx.orgId, work)
}

/** For the few lookups that precede a tenant (sign-in): the runtime role with no tenant set. */
export async function withoutTenant<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
  const { db } = await useDatabaseHandle()
  return runWithoutTenant(db, work)
}
