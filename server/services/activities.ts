import { and, count, eq, gte, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm'
import { activities, companies, contacts, deals, users } from '../../drizzle/schema'
import type {
  ActivityCreate, ActivityListQuery, ActivitySortField, ActivityUpdate, SortKey,
} from '../../shared/schemas'
import { notFound, type CursorListMeta } from '../utils/api'
import { changesBetween, recordAudit, snapshotChanges } from '../utils/audit'
import { withTenant, type Transaction, type TenantContext } from '../utils/tenant'
import { cursorPageOf, isUnfiltered, listTextSearch, recordCount, type CursorKeys, type ListResult, type ListSource, type ReadPage } from './list'
import { notifyMentions } from './mentions'
import { notify } from './notifications'
import { assertReferences, recordExists } from './references'
import { offsetsForNew, syncReminders } from './reminders'

export const sortColumns = {
  dueAt: activities.dueAt,
  completedAt: activities.completedAt,
  subject: activities.subject,
  type: activities.type,
  createdAt: activities.createdAt,
  updatedAt: activities.updatedAt,
}

// Newest first, along activities_org_created_idx (org_id, created_at, id).
export const defaultSort: SortKey<ActivitySortField>[] = [{ field: 'createdAt', direction: 'desc' }]

/** An activity as the API shows it, with what it relates to and its owner expanded; a list page adds its cursor `keys` beside it. */
function selectRecords(tx: Transaction, orgId: string, keys?: CursorKeys) {
  return tx
    .select({
      ...keys,
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
      reminders: sql<number[]>`coalesce((select array_agg(r.offset_minutes order by r.offset_minutes) from activity_reminders r where r.org_id = ${activities.orgId} and r.activity_id = ${activities.id}), '{}')`.mapWith(toOffsets),
    })
    .from(activities)
    .leftJoin(contacts, and(eq(contacts.orgId, orgId), eq(contacts.id, activities.contactId)))
    .leftJoin(companies, and(eq(companies.orgId, orgId), eq(companies.id, activities.companyId)))
    .leftJoin(deals, and(eq(deals.orgId, orgId), eq(deals.id, activities.dealId)))
    .leftJoin(users, and(eq(users.orgId, orgId), eq(users.id, activities.ownerId)))
}

export type Activity = Omit<Awaited<ReturnType<typeof selectRecords>>[number], 'listCursorKeys'>

/** The list's filter (also used by its CSV export). */
export function listFilter(orgId: string, query: ActivityListQuery) {
  return and(
    eq(activities.orgId, orgId),
    query.type ? eq(activities.type, query.type) : undefined,
    query.contactId ? eq(activities.contactId, query.contactId) : undefined,
    query.companyId ? eq(activities.companyId, query.companyId) : undefined,
    query.dealId ? eq(activities.dealId, query.dealId) : undefined,
    query.ownerId ? eq(activities.ownerId, query.ownerId) : undefined,
    query.done === undefined ? undefined : query.done ? isNotNull(activities.completedAt) : isNull(activities.completedAt),
    query.dueAfter ? gte(activities.dueAt, query.dueAfter) : undefined,
    query.dueBefore ? lt(activities.dueAt, query.dueBefore) : undefined,
    listTextSearch('activities', query.q, activities.id),
  )
}

/**
 * A company's activities: those naming the company, one of its contacts or one of its deals
 * (each arm along its own `(org_id, <link>)` index).
 */
function aboutCompany(orgId: string, companyId: string) {
  return or(
    eq(activities.companyId, companyId),
    inArray(activities.contactId, sql`(select ${contacts.id} from ${contacts} where ${contacts.orgId} = ${orgId} and ${contacts.companyId} = ${companyId})`),
    inArray(activities.dealId, sql`(select ${deals.id} from ${deals} where ${deals.orgId} = ${orgId} and ${deals.companyId} = ${companyId})`),
  )
}

/** A list page's activities in full, with the cursor keys beside them. */
function readPage(tx: Transaction, orgId: string): ReadPage<Activity> {
  return (page, keys, order) => selectRecords(tx, orgId, keys).where(and(eq(activities.orgId, orgId), inArray(activities.id, page))).orderBy(...order)
}

/** One page of the tenant's activities, with what they relate to and the owner for display. */
export async function list(ctx: TenantContext, query: ActivityListQuery, scope: { companyTimeline?: string } = {}): Promise<ListResult<Activity, CursorListMeta>> {
  const where = and(listFilter(ctx.orgId, query), scope.companyTimeline ? aboutCompany(ctx.orgId, scope.companyTimeline) : undefined)
  const source: ListSource<ActivitySortField> = { resource: 'activities', table: activities, id: activities.id, columns: sortColumns, defaultSort, where }
  return withTenant(ctx, tx => cursorPageOf(
    tx, query, source,
    () => (isUnfiltered(query) && !scope.companyTimeline ? recordCount(tx, ctx.orgId, 'activities') : tx.select({ total: count() }).from(activities).where(where)),
    readPage(tx, ctx.orgId),
  ))
}

async function findRecord(tx: Transaction, orgId: string, id: string): Promise<Activity> {
  // Prepared, like the contact's (server/services/contacts.ts).
  const [row] = await selectRecords(tx, orgId).where(and(eq(activities.orgId, orgId), eq(activities.id, id))).prepare('activity_record').execute()
  if (!row) throw notFound('Activity')
  return row
}

async function lockRow(tx: Transaction, orgId: string, id: string) {
  const [row] = await tx.select().from(activities).where(and(eq(activities.orgId, orgId), eq(activities.id, id))).for('update')
  if (!row) throw notFound('Activity')
  return row
}

/** The stored fields of an activity (no expansions), for audit snapshots. */
function fields(a: typeof activities.$inferSelect) {
  return {
    type: a.type, subject: a.subject, note: a.note, dueAt: a.dueAt, completedAt: a.completedAt,
    contactId: a.contactId, companyId: a.companyId, dealId: a.dealId, ownerId: a.ownerId,
  }
}

/** Both drivers answer an int[] as numbers; a text form (`{5,15}`) is read too, to be safe. */
function toOffsets(value: unknown): number[] {
  if (Array.isArray(value)) return value.map(Number)
  return typeof value === 'string' ? value.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number) : []
}

/** Dates arrive as ISO strings; the columns take Date objects. Reminders live in their own table. */
function columnsOf<T extends Partial<ActivityCreate>>(input: T) {
  const { dueAt, completedAt, reminders: _reminders, ...rest } = input
  return {
    ...rest,
    ...(dueAt === undefined ? {} : { dueAt: dueAt === null ? null : new Date(dueAt) }),
    ...(completedAt === undefined ? {} : { completedAt: completedAt === null ? null : new Date(completedAt) }),
  }
}

export async function get(ctx: TenantContext, id: string): Promise<Activity> {
  return withTenant(ctx, tx => findRecord(tx, ctx.orgId, id))
}

export async function assertExists(ctx: TenantContext, id: string): Promise<void> {
  if (!(await withTenant(ctx, tx => recordExists(tx, ctx.orgId, 'activityId', id)))) throw notFound('Activity')
}

/** Logs a call, meeting, note or email, or schedules a task; the caller owns it unless another owner is named. */
export async function create(ctx: TenantContext, input: ActivityCreate): Promise<Activity> {
  return withTenant(ctx, async (tx) => {
    const ownerId = input.ownerId === undefined ? ctx.userId : input.ownerId
    await assertReferences(tx, ctx.orgId, { contactId: input.contactId, companyId: input.companyId, dealId: input.dealId, ownerId })
    const [row] = await tx.insert(activities).values({ ...columnsOf(input), type: input.type, subject: input.subject, orgId: ctx.orgId, ownerId }).returning()
    await syncReminders(tx, ctx.orgId, row!, await offsetsForNew(tx, ctx, input.reminders))
    await recordAudit(tx, ctx, { action: 'activity.create', entity: 'activity', entityId: row!.id, changes: snapshotChanges(fields(row!), 'created') })
    await notifyAbout(tx, ctx, row!, null)
    return findRecord(tx, ctx.orgId, row!.id)
  })
}

/** Changes the fields sent — `completedAt` marks it done (or, set to null, not done). */
export async function update(ctx: TenantContext, id: string, input: ActivityUpdate): Promise<Activity> {
  return withTenant(ctx, async (tx) => {
    const before = await lockRow(tx, ctx.orgId, id)
    const values = columnsOf(input)
    const changes = changesBetween(before, values)
    if (!changes) {
      if (input.reminders) await syncReminders(tx, ctx.orgId, before, input.reminders)
      return findRecord(tx, ctx.orgId, id)
    }
    await assertReferences(tx, ctx.orgId, { contactId: input.contactId, companyId: input.companyId, dealId: input.dealId, ownerId: input.ownerId })
    const [after] = await tx.update(activities).set(values).where(and(eq(activities.orgId, ctx.orgId), eq(activities.id, id))).returning()
    await syncReminders(tx, ctx.orgId, after!, input.reminders)
    await recordAudit(tx, ctx, { action: 'activity.update', entity: 'activity', entityId: id, changes })
    await notifyAbout(tx, ctx, after!, before)
    return findRecord(tx, ctx.orgId, id)
  })
}

/** A new owner hears of the activity; people newly @mentioned in its note hear of that. */
async function notifyAbout(tx: Transaction, ctx: TenantContext, after: typeof activities.$inferSelect, before: typeof activities.$inferSelect | null): Promise<void> {
  if (after.ownerId && after.ownerId !== before?.ownerId && !after.completedAt) {
    await notify(tx, ctx, [{ userId: after.ownerId, kind: 'activity_assigned', recordType: 'activity', recordId: after.id, data: { title: after.subject } }])
  }
  await notifyMentions(tx, ctx, { note: after.note, previous: before?.note ?? null, recordType: 'activity', recordId: after.id, title: after.subject })
}

export async function remove(ctx: TenantContext, id: string): Promise<{ id: string }> {
  return withTenant(ctx, async (tx) => {
    const before = await lockRow(tx, ctx.orgId, id)
    await tx.delete(activities).where(and(eq(activities.orgId, ctx.orgId), eq(activities.id, id)))
    await recordAudit(tx, ctx, { action: 'activity.delete', entity: 'activity', entityId: id, changes: snapshotChanges(fields(before), 'deleted') })
    return { id }
  })
}
