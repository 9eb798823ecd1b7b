import { and, count, desc, eq, gte, inArray, isNull, lt, lte, sql, sum } from 'drizzle-orm'
import { activities, companies, contacts, deals, dealStageHistory, organizations, pipelines, users } from '../../drizzle/schema'
import type { DealCreate, DealListQuery, DealMove, DealSortField, DealUpdate, PipelineTotalsQuery, SortKey } from '../../shared/schemas'
import type { NextActivity } from '../../shared/schemas/responses'
import { weighted } from '../../shared/money'
import { notFound, validationError, type CursorListMeta } from '../utils/api'
import { changesBetween, recordAudit, snapshotChanges } from '../utils/audit'
import { notify, notifyNewOwner } from './notifications'
import { withTenant, type Transaction, type TenantContext } from '../utils/tenant'
import { cursorPageOf, isUnfiltered, pageQueryOf, listTextSearch, recordCount, type CursorKeys, type ListResult, type ListSource, type ReadPage, type SortExpression, type SortSource } from './list'
import { findStage } from './pipelines'
import { assertReferences, recordExists } from './references'

/** The stage's place in its pipeline's board order (the stage JSON's `position`); cursor paging seeks on it like on a column. */
const stagePosition: SortExpression = {
  sortExpression: sql`(select (s.stage->>'position')::int from pipelines p cross join lateral jsonb_array_elements(p.stages) as s(stage) where p.org_id = ${deals.orgId} and p.id = ${deals.pipelineId} and s.stage->>'id' = ${deals.stageId}::text limit 1)`,
  type: 'integer',
  nullable: true,
}

export const sortColumns: Record<DealSortField, SortSource> = {
  title: deals.title,
  value: deals.value,
  status: deals.status,
  expectedCloseDate: deals.expectedCloseDate,
  closedAt: deals.closedAt,
  createdAt: deals.createdAt,
  updatedAt: deals.updatedAt,
  stage: stagePosition,
}

// Newest first, along deals_org_created_idx (org_id, created_at, id).
export const defaultSort: SortKey<DealSortField>[] = [{ field: 'createdAt', direction: 'desc' }]

/** The name of a stage id in its pipeline's JSONB stage list. */
const stageNameOf = (stageId: typeof deals.stageId | typeof dealStageHistory.stageId) =>
  sql<string | null>`(select s.stage->>'name' from jsonb_array_elements(${pipelines.stages}) as s(stage) where s.stage->>'id' = ${stageId}::text limit 1)`

/** When the deal entered its current stage: its open stay, along deal_stage_history_org_deal_idx. */
const stageEnteredAt = sql<Date | null>`(select ${dealStageHistory.enteredAt} from ${dealStageHistory} where ${dealStageHistory.orgId} = ${deals.orgId} and ${dealStageHistory.dealId} = ${deals.id} and ${dealStageHistory.leftAt} is null order by ${dealStageHistory.enteredAt} desc limit 1)`
  .mapWith(dealStageHistory.enteredAt)

/**
 * The deal's next step: its open activity due first (undated ones last), along
 * activities_org_deal_idx; as JSON text, which both drivers hand over alike.
 */
const nextActivity = sql<NextActivity | null>`(select json_build_object('id', ${activities.id}, 'type', ${activities.type}, 'subject', ${activities.subject}, 'dueAt', to_char(${activities.dueAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text from ${activities} where ${activities.orgId} = ${deals.orgId} and ${activities.dealId} = ${deals.id} and ${activities.completedAt} is null order by ${activities.dueAt} asc nulls last, ${activities.id} limit 1)`
  .mapWith((value: string) => JSON.parse(value) as NextActivity)

/** A deal as the API shows it: stage name, contact, company and owner expanded; a list page adds its cursor `keys` beside it. */
function selectRecords(tx: Transaction, orgId: string, keys?: CursorKeys) {
  return tx
    .select({
      ...keys,
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
      stageName: stageNameOf(deals.stageId),
      stageEnteredAt,
      nextActivity,
      contact: { id: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName },
      company: { id: companies.id, name: companies.name },
      owner: { id: users.id, name: users.name },
    })
    .from(deals)
    .leftJoin(pipelines, and(eq(pipelines.orgId, orgId), eq(pipelines.id, deals.pipelineId)))
    .leftJoin(contacts, and(eq(contacts.orgId, orgId), eq(contacts.id, deals.contactId)))
    .leftJoin(companies, and(eq(companies.orgId, orgId), eq(companies.id, deals.companyId)))
    .leftJoin(users, and(eq(users.orgId, orgId), eq(users.id, deals.ownerId)))
}

export type Deal = Omit<Awaited<ReturnType<typeof selectRecords>>[number], 'listCursorKeys'>

/** The list's filter (also used by its CSV export). */
export function listFilter(orgId: string, query: DealListQuery) {
  return and(
    eq(deals.orgId, orgId),
    query.pipelineId ? eq(deals.pipelineId, query.pipelineId) : undefined,
    query.stageId ? eq(deals.stageId, query.stageId) : undefined,
    query.status ? eq(deals.status, query.status) : undefined,
    query.ownerId ? eq(deals.ownerId, query.ownerId) : undefined,
    query.contactId ? eq(deals.contactId, query.contactId) : undefined,
    query.companyId ? eq(deals.companyId, query.companyId) : undefined,
    query.minValue !== undefined ? gte(deals.value, query.minValue) : undefined,
    query.maxValue !== undefined ? lte(deals.value, query.maxValue) : undefined,
    query.expectedCloseBefore ? lt(deals.expectedCloseDate, query.expectedCloseBefore) : undefined,
    listTextSearch('deals', query.q, deals.id),
  )
}

/** A list page's deals in full, with the cursor keys beside them. */
function readPage(tx: Transaction, orgId: string): ReadPage<Deal> {
  return (page, keys, order) => selectRecords(tx, orgId, keys).where(and(eq(deals.orgId, orgId), inArray(deals.id, page))).orderBy(...order)
}

/** A list page's statement, unrun (for plan tests). */
export function pageQuery(tx: Transaction, orgId: string, query: DealListQuery) {
  const source: ListSource<DealSortField> = { resource: 'deals', table: deals, id: deals.id, columns: sortColumns, defaultSort, where: listFilter(orgId, query) }
  return pageQueryOf(tx, query, source, readPage(tx, orgId))
}

/** One page of the tenant's deals, with contact, company, owner and stage names for display. */
export async function list(ctx: TenantContext, query: DealListQuery): Promise<ListResult<Deal, CursorListMeta>> {
  const where = listFilter(ctx.orgId, query)
  const source: ListSource<DealSortField> = { resource: 'deals', table: deals, id: deals.id, columns: sortColumns, defaultSort, where }
  return withTenant(ctx, tx => cursorPageOf(
    tx, query, source,
    () => (isUnfiltered(query) ? recordCount(tx, ctx.orgId, 'deals') : tx.select({ total: count() }).from(deals).where(where)),
    readPage(tx, ctx.orgId),
  ))
}

/**
 * Count and summed value of a pipeline's deals per stage and currency, filtered like the
 * deal list, so a board column can show its total without loading every card.
 */
export async function stageTotals(ctx: TenantContext, pipelineId: string, query: PipelineTotalsQuery) {
  return withTenant(ctx, async (tx) => {
    const { pipeline } = await findStage(tx, ctx.orgId, pipelineId)
    if (!pipeline) throw notFound('Pipeline')
    const rows = await tx.select({ stageId: deals.stageId, currency: deals.currency, count: count(), value: sum(deals.value) })
      .from(deals)
      .where(and(
        eq(deals.orgId, ctx.orgId),
        eq(deals.pipelineId, pipelineId),
        query.ownerId ? eq(deals.ownerId, query.ownerId) : undefined,
        listTextSearch('deals', query.q, deals.id),
      ))
      .groupBy(deals.stageId, deals.currency)
      .orderBy(deals.stageId, desc(sum(deals.value)))
    const probability = new Map(pipeline.stages.map(s => [s.id, s.probability]))
    return rows.map((r) => {
      const value = r.value ?? '0'
      return { stageId: r.stageId, currency: r.currency, count: r.count, value, weightedValue: weighted(value, probability.get(r.stageId) ?? 0) }
    })
  })
}

async function findRecord(tx: Transaction, orgId: string, id: string): Promise<Deal> {
  // Prepared, like the contact's (server/services/contacts.ts).
  const [row] = await selectRecords(tx, orgId).where(and(eq(deals.orgId, orgId), eq(deals.id, id))).prepare('deal_record').execute()
  if (!row) throw notFound('Deal')
  return row
}

async function lockRow(tx: Transaction, orgId: string, id: string) {
  const [row] = await tx.select().from(deals).where(and(eq(deals.orgId, orgId), eq(deals.id, id))).for('update')
  if (!row) throw notFound('Deal')
  return row
}

/** The stored fields of a deal (no expansions), for audit snapshots. */
function fields(d: typeof deals.$inferSelect) {
  return {
    title: d.title, value: d.value, currency: d.currency, pipelineId: d.pipelineId, stageId: d.stageId, status: d.status,
    contactId: d.contactId, companyId: d.companyId, ownerId: d.ownerId, expectedCloseDate: d.expectedCloseDate, closedAt: d.closedAt,
  }
}

export async function get(ctx: TenantContext, id: string): Promise<Deal> {
  return withTenant(ctx, tx => findRecord(tx, ctx.orgId, id))
}

/** 404 unless the deal exists in the caller's organization (for nested lists). */
export async function assertExists(ctx: TenantContext, id: string): Promise<void> {
  if (!(await withTenant(ctx, tx => recordExists(tx, ctx.orgId, 'dealId', id)))) throw notFound('Deal')
}

/** Closes the deal's current stay in a stage and opens the next one. */
async function enterStage(tx: Transaction, ctx: TenantContext, deal: { id: string, pipelineId: string }, stageId: string, fromStageId: string | null, at: Date) {
  if (fromStageId) {
    await tx.update(dealStageHistory).set({ leftAt: at })
      .where(and(eq(dealStageHistory.orgId, ctx.orgId), eq(dealStageHistory.dealId, deal.id), isNull(dealStageHistory.leftAt)))
  }
  await tx.insert(dealStageHistory).values({
    orgId: ctx.orgId, dealId: deal.id, pipelineId: deal.pipelineId, stageId, fromStageId, enteredAt: at,
    actorId: ctx.apiKeyId ?? ctx.userId, actorType: ctx.actorType,
  })
}

/**
 * Creates a deal in a pipeline: in the stage named, or the pipeline's first open stage.
 * Its status follows the stage's kind; the currency defaults to the organization's.
 */
export async function create(ctx: TenantContext, input: DealCreate): Promise<Deal> {
  return withTenant(ctx, async (tx) => {
    const ownerId = input.ownerId === undefined ? ctx.userId : input.ownerId
    const { pipeline, stage } = await findStage(tx, ctx.orgId, input.pipelineId, input.stageId)
    if (!pipeline) throw validationError('Invalid reference', [{ path: 'pipelineId', message: 'no pipeline with this id exists in your organization' }])
    if (!stage) throw validationError('Invalid reference', [{ path: 'stageId', message: input.stageId ? 'is not a stage of this pipeline' : 'the pipeline has no open stage' }])
    await assertReferences(tx, ctx.orgId, { contactId: input.contactId, companyId: input.companyId, ownerId })
    let currency = input.currency
    if (!currency) {
      const [org] = await tx.select({ settings: organizations.settings }).from(organizations).where(eq(organizations.id, ctx.orgId))
      currency = org?.settings.defaultCurrency ?? 'EUR'
    }
    const now = new Date()
    // A stage's kind is the status of the deals in it.
    const status = stage.kind
    const [row] = await tx.insert(deals).values({
      ...input, orgId: ctx.orgId, ownerId, currency, stageId: stage.id, status, closedAt: status === 'open' ? null : now, createdAt: now, updatedAt: now,
    }).returning()
    await enterStage(tx, ctx, row!, stage.id, null, now)
    await recordAudit(tx, ctx, { action: 'deal.create', entity: 'deal', entityId: row!.id, changes: snapshotChanges(fields(row!), 'created') })
    await notifyNewOwner(tx, ctx, { recordType: 'deal', recordId: row!.id, title: row!.title, ownerId })
    return findRecord(tx, ctx.orgId, row!.id)
  })
}

/** Changes the fields sent; stage and status change only through `move`. */
export async function update(ctx: TenantContext, id: string, input: DealUpdate): Promise<Deal> {
  return withTenant(ctx, async (tx) => {
    const before = await lockRow(tx, ctx.orgId, id)
    const changes = changesBetween(before, input)
    if (!changes) return findRecord(tx, ctx.orgId, id)
    await assertReferences(tx, ctx.orgId, { contactId: input.contactId, companyId: input.companyId, ownerId: input.ownerId })
    const [after] = await tx.update(deals).set(input).where(and(eq(deals.orgId, ctx.orgId), eq(deals.id, id))).returning()
    await recordAudit(tx, ctx, { action: 'deal.update', entity: 'deal', entityId: id, changes })
    await notifyNewOwner(tx, ctx, { recordType: 'deal', recordId: id, title: after!.title, ownerId: input.ownerId, previousOwnerId: before.ownerId })
    return findRecord(tx, ctx.orgId, id)
  })
}

/**
 * Moves a deal to another stage of its pipeline. The status follows the stage's kind
 * (open, won, lost) and `closedAt` is set on closing and cleared on reopening; the
 * move is recorded in the stage history and the audit log. Moving to the current stage
 * changes nothing.
 */
export async function move(ctx: TenantContext, id: string, input: DealMove): Promise<Deal> {
  return withTenant(ctx, async (tx) => {
    const before = await lockRow(tx, ctx.orgId, id)
    const { stage } = await findStage(tx, ctx.orgId, before.pipelineId, input.stageId)
    if (!stage) throw validationError('Invalid stage', [{ path: 'stageId', message: 'is not a stage of this deal\'s pipeline' }])
    if (stage.id === before.stageId) return findRecord(tx, ctx.orgId, id)
    const now = new Date()
    // A stage's kind is the status of the deals in it.
    const status = stage.kind
    const closedAt = status === 'open' ? null : (before.status === status && before.closedAt ? before.closedAt : now)
    await tx.update(deals).set({ stageId: stage.id, status, closedAt, updatedAt: now })
      .where(and(eq(deals.orgId, ctx.orgId), eq(deals.id, id)))
    await enterStage(tx, ctx, before, stage.id, before.stageId, now)
    await recordAudit(tx, ctx, {
      action: 'deal.move',
      entity: 'deal',
      entityId: id,
      changes: changesBetween(
        { stageId: before.stageId, status: before.status, closedAt: before.closedAt },
        { stageId: stage.id, status, closedAt },
      ),
    })
    // The owner hears when someone else wins or loses their deal.
    if (status !== 'open' && status !== before.status && before.ownerId) {
      await notify(tx, ctx, [{ userId: before.ownerId, kind: status === 'won' ? 'deal_won' : 'deal_lost', recordType: 'deal', recordId: id, data: { title: before.title } }])
    }
    return findRecord(tx, ctx.orgId, id)
  })
}

/** Deletes a deal; its activities stay and lose the link, its stage history goes with it. */
export async function remove(ctx: TenantContext, id: string): Promise<{ id: string }> {
  return withTenant(ctx, async (tx) => {
    const before = await lockRow(tx, ctx.orgId, id)
    await tx.update(activities).set({ dealId: null }).where(and(eq(activities.orgId, ctx.orgId), eq(activities.dealId, id)))
    await tx.delete(deals).where(and(eq(deals.orgId, ctx.orgId), eq(deals.id, id)))
    await recordAudit(tx, ctx, { action: 'deal.delete', entity: 'deal', entityId: id, changes: snapshotChanges(fields(before), 'deleted') })
    return { id }
  })
}

/** Every stage the deal has been in, newest first, with the time spent there (up to now for the current one). */
export async function stageHistory(ctx: TenantContext, id: string) {
  return withTenant(ctx, async (tx) => {
    if (!(await recordExists(tx, ctx.orgId, 'dealId', id))) throw notFound('Deal')
    return tx
      .select({
        id: dealStageHistory.id,
        pipelineId: dealStageHistory.pipelineId,
        stageId: dealStageHistory.stageId,
        stageName: stageNameOf(dealStageHistory.stageId),
        fromStageId: dealStageHistory.fromStageId,
        enteredAt: dealStageHistory.enteredAt,
        leftAt: dealStageHistory.leftAt,
        durationSeconds: sql<number>`floor(extract(epoch from coalesce(${dealStageHistory.leftAt}, now()) - ${dealStageHistory.enteredAt}))::int`,
        actorId: dealStageHistory.actorId,
        actorType: dealStageHistory.actorType,
      })
      .from(dealStageHistory)
      .leftJoin(pipelines, and(eq(pipelines.orgId, ctx.orgId), eq(pipelines.id, dealStageHistory.pipelineId)))
      .where(and(eq(dealStageHistory.orgId, ctx.orgId), eq(dealStageHistory.dealId, id)))
      .orderBy(desc(dealStageHistory.enteredAt), desc(dealStageHistory.id))
  })
}
