import { and, count, eq } from 'drizzle-orm'
import { companies, users } from '../../drizzle/schema'
import type { CompanyListQuery, CompanySortField, SortKey } from '../../shared/schemas'
import type { TenantContext } from '../database/tenant'
import { withTenant } from '../utils/tenant'
import { orderBy, pageOf, textSearch } from './list'

const sortColumns = {
  name: companies.name,
  industry: companies.industry,
  city: companies.city,
  country: companies.country,
  createdAt: companies.createdAt,
  updatedAt: companies.updatedAt,
}

// Matches companies_org_name_idx (org_id, name, id).
const defaultSort: SortKey<CompanySortField>[] = [{ field: 'name', direction: 'asc' }]

/** One page of the tenant's companies, with the owner's name for display. */
export async function list(ctx: TenantContext, query: CompanyListQuery) {
  const where = and(
    eq(companies.orgId, ctx.orgId),
    query.ownerId ? eq(companies.ownerId, query.ownerId) : undefined,
    query.industry ? eq(companies.industry, query.industry) : undefined,
    query.country ? eq(companies.country, query.country) : undefined,
    textSearch(query.q, [companies.name, companies.city, companies.website]),
  )
  return withTenant(ctx, tx => pageOf(
    query,
    () => tx.select({ total: count() }).from(companies).where(where),
    (limit, offset) => tx
      .select({
        id: companies.id,
        name: companies.name,
        industry: companies.industry,
        website: companies.website,
        phone: companies.phone,
        street: companies.street,
        postalCode: companies.postalCode,
        city: companies.city,
        country: companies.country,
        ownerId: companies.ownerId,
        createdAt: companies.createdAt,
        updatedAt: companies.updatedAt,
        owner: { id: users.id, name: users.name },
      })
      .from(companies)
      .leftJoin(users, and(eq(users.orgId, ctx.orgId), eq(users.id, companies.ownerId)))
      .where(where)
      .orderBy(...orderBy(query.sort, defaultSort, sortColumns, companies.id))
      .limit(limit)
      .offset(offset),
  ))
}

export type CompanyListItem = Awaited<ReturnType<typeof list>>['data'][number]
