import { and, count, eq, gte, isNotNull, isNull, lt } from 'drizzle-orm'
import { activities, companies, contacts, deals, users } from '../../drizzle/schema'
import type { ActivityListQuery, ActivitySortField, SortKey } from '../../shared/schemas'
import type { TenantContext } from '../database/tenant'
import { withTenant } from '../utils/tenant'
import { orderBy, pageOf, textSearch } from './list'

const sortColumns = {
  dueAt: activities.dueAt,
  completedAt: activities.completedAt,
  subject: activities.subject,
  type: activities.type,
  createdAt: activities.createdAt,
  updatedAt: activities.updatedAt,
}

// Newest first, along activities_org_created_idx (org_id, created_at, id).
const defaultSort: SortKey<ActivitySortField>[] = [{ field: 'createdAt', direction: 'desc' }]

/** One page of the tenant's activities, with what they relate to and the owner for display. */
export async function list(ctx: TenantContext, query: ActivityListQuery) {
  const where = and(
    eq(activities.orgId, ctx.orgId),
    query.type ? eq(activities.type, query.type) : undefined,
    query.contactId ? eq(activities.contactId, query.contactId) : undefined,
    query.companyId ? eq(activities.companyId, query.companyId) : undefined,
    query.dealId ? eq(activities.dealId, query.dealId) : undefined,
    query.ownerId ? eq(activities.ownerId, query.ownerId) : undefined,
    query.done === undefined ? undefined : query.done ? isNotNull(activities.completedAt) : isNull(activities.completedAt),
    query.dueAfter ? gte(activities.dueAt, query.dueAfter) : undefined,
    query.dueBefore ? lt(activities.dueAt, query.dueBefore) : undefined,
    textSearch(query.q, [activities.subject]),
  )
  return withTenant(ctx, tx => pageOf(
    query,
    () => tx.select({ total: count() }).from(activities).where(where),
    (limit, offset) => tx
      .select({
        id: activities.id,
        type: activities.type,
        subject: activities.subject,
        note: activities.note,
        dueAt: activities.dueAt,
        completedAt: activities.completedAt,
        contactId: activities.contactId,
        companyId: activities.companyId,
        dealId: activities.dealId,
        ownerId: activities.ownerId,
        createdAt: activities.createdAt,
        updatedAt: activities.updatedAt,
        contact: { id: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName },
        company: { id: companies.id, name: companies.name },
        deal: { id: deals.id, title: deals.title },
        owner: { id: users.id, name: users.name },
      })
      .from(activities)
      .leftJoin(contacts, and(eq(contacts.orgId, ctx.orgId), eq(contacts.id, activities.contactId)))
      .leftJoin(companies, and(eq(companies.orgId, ctx.orgId), eq(companies.id, activities.companyId)))
      .leftJoin(deals, and(eq(deals.orgId, ctx.orgId), eq(deals.id, activities.dealId)))
      .leftJoin(users, and(eq(users.orgId, ctx.orgId), eq(users.id, activities.ownerId)))
      .where(where)
      .orderBy(...orderBy(query.sort, defaultSort, sortColumns, activities.id))
      .limit(limit)
      .offset(offset),
  ))
}

export type ActivityListItem = Awaited<ReturnType<typeof list>>['data'][number]
