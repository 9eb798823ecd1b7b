import { and, count, eq, gte, lt, lte, sql } from 'drizzle-orm'
import { companies, contacts, deals, pipelines, users } from '../../drizzle/schema'
import type { DealListQuery, DealSortField, SortKey } from '../../shared/schemas'
import type { TenantContext } from '../database/tenant'
import { withTenant } from '../utils/tenant'
import { orderBy, pageOf, textSearch } from './list'

const sortColumns = {
  title: deals.title,
  value: deals.value,
  status: deals.status,
  expectedCloseDate: deals.expectedCloseDate,
  closedAt: deals.closedAt,
  createdAt: deals.createdAt,
  updatedAt: deals.updatedAt,
}

// Newest first, along deals_org_created_idx (org_id, created_at, id).
const defaultSort: SortKey<DealSortField>[] = [{ field: 'createdAt', direction: 'desc' }]

// Stages live in the pipeline's JSONB array; the deal keeps only the stage id.
const stageName = sql<string | null>`(select s.stage->>'name' from jsonb_array_elements(${pipelines.stages}) as s(stage) where s.stage->>'id' = ${deals.stageId}::text limit 1)`

/** One page of the tenant's deals, with contact, company, owner and stage names for display. */
export async function list(ctx: TenantContext, query: DealListQuery) {
  const where = and(
    eq(deals.orgId, ctx.orgId),
    query.pipelineId ? eq(deals.pipelineId, query.pipelineId) : undefined,
    query.stageId ? eq(deals.stageId, query.stageId) : undefined,
    query.status ? eq(deals.status, query.status) : undefined,
    query.ownerId ? eq(deals.ownerId, query.ownerId) : undefined,
    query.contactId ? eq(deals.contactId, query.contactId) : undefined,
    query.companyId ? eq(deals.companyId, query.companyId) : undefined,
    query.minValue !== undefined ? gte(deals.value, query.minValue) : undefined,
    query.maxValue !== undefined ? lte(deals.value, query.maxValue) : undefined,
    query.expectedCloseBefore ? lt(deals.expectedCloseDate, query.expectedCloseBefore) : undefined,
    textSearch(query.q, [deals.title]),
  )
  return withTenant(ctx, tx => pageOf(
    query,
    () => tx.select({ total: count() }).from(deals).where(where),
    (limit, offset) => tx
      .select({
        id: deals.id,
        title: deals.title,
        value: deals.value,
        currency: deals.currency,
        pipelineId: deals.pipelineId,
        stageId: deals.stageId,
        status: deals.status,
        contactId: deals.contactId,
        companyId: deals.companyId,
        ownerId: deals.ownerId,
        expectedCloseDate: deals.expectedCloseDate,
        closedAt: deals.closedAt,
        createdAt: deals.createdAt,
        updatedAt: deals.updatedAt,
        stageName,
        contact: { id: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName },
        company: { id: companies.id, name: companies.name },
        owner: { id: users.id, name: users.name },
      })
      .from(deals)
      .leftJoin(pipelines, and(eq(pipelines.orgId, ctx.orgId), eq(pipelines.id, deals.pipelineId)))
      .leftJoin(contacts, and(eq(contacts.orgId, ctx.orgId), eq(contacts.id, deals.contactId)))
      .leftJoin(companies, and(eq(companies.orgId, ctx.orgId), eq(companies.id, deals.companyId)))
      .leftJoin(users, and(eq(users.orgId, ctx.orgId), eq(users.id, deals.ownerId)))
      .where(where)
      .orderBy(...orderBy(query.sort, defaultSort, sortColumns, deals.id))
      .limit(limit)
      .offset(offset),
  ))
}

export type DealListItem = Awaited<ReturnType<typeof list>>['data'][number]
