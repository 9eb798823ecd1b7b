import { and, arrayContains, count, eq, gte } from 'drizzle-orm'
import { companies, contacts, users } from '../../drizzle/schema'
import type { ContactListQuery, ContactSortField, SortKey } from '../../shared/schemas'
import type { TenantContext } from '../database/tenant'
import { withTenant } from '../utils/tenant'
import { orderBy, pageOf, textSearch } from './list'

const sortColumns = {
  lastName: contacts.lastName,
  firstName: contacts.firstName,
  email: contacts.email,
  createdAt: contacts.createdAt,
  updatedAt: contacts.updatedAt,
}

// Matches contacts_org_name_idx (org_id, last_name, first_name, id).
const defaultSort: SortKey<ContactSortField>[] = [{ field: 'lastName', direction: 'asc' }, { field: 'firstName', direction: 'asc' }]

/** One page of the tenant's contacts, with company and owner names for display. */
export async function list(ctx: TenantContext, query: ContactListQuery) {
  const where = and(
    eq(contacts.orgId, ctx.orgId),
    query.companyId ? eq(contacts.companyId, query.companyId) : undefined,
    query.ownerId ? eq(contacts.ownerId, query.ownerId) : undefined,
    query.tag ? arrayContains(contacts.tags, query.tag) : undefined,
    query.createdAfter ? gte(contacts.createdAt, query.createdAfter) : undefined,
    textSearch(query.q, [contacts.firstName, contacts.lastName, contacts.email]),
  )
  return withTenant(ctx, tx => pageOf(
    query,
    () => tx.select({ total: count() }).from(contacts).where(where),
    (limit, offset) => tx
      .select({
        id: contacts.id,
        firstName: contacts.firstName,
        lastName: contacts.lastName,
        email: contacts.email,
        phone: contacts.phone,
        position: contacts.position,
        companyId: contacts.companyId,
        ownerId: contacts.ownerId,
        tags: contacts.tags,
        createdAt: contacts.createdAt,
        updatedAt: contacts.updatedAt,
        company: { id: companies.id, name: companies.name },
        owner: { id: users.id, name: users.name },
      })
      .from(contacts)
      .leftJoin(companies, and(eq(companies.orgId, ctx.orgId), eq(companies.id, contacts.companyId)))
      .leftJoin(users, and(eq(users.orgId, ctx.orgId), eq(users.id, contacts.ownerId)))
      .where(where)
      .orderBy(...orderBy(query.sort, defaultSort, sortColumns, contacts.id))
      .limit(limit)
      .offset(offset),
  ))
}

export type ContactListItem = Awaited<ReturnType<typeof list>>['data'][number]
