import { and, asc, count, eq } from 'drizzle-orm'
import { users } from '../../drizzle/schema'
import type { UserListQuery } from '../../shared/schemas'
import { withTenant, type TenantContext } from '../utils/tenant'
import { pageOf, textSearch } from './list'

/** The organization's people for owner pickers, by name (users_org_name_idx). */
export async function list(ctx: TenantContext, query: UserListQuery) {
  const where = and(
    eq(users.orgId, ctx.orgId),
    query.role ? eq(users.role, query.role) : undefined,
    textSearch(query.q, [users.name, users.email]),
  )
  return withTenant(ctx, tx => pageOf(
    query,
    () => tx.select({ total: count() }).from(users).where(where),
    (limit, offset) => tx
      .select({ id: users.id, name: users.name, email: users.email, role: users.role })
      .from(users).where(where)
      .orderBy(asc(users.name), asc(users.id))
      .limit(limit).offset(offset),
  ))
}
