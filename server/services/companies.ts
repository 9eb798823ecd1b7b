import { and, count, eq, inArray } from 'drizzle-orm'
import { activities, companies, contacts, deals, users } from '../../drizzle/schema'
import type {
  AddressInput, CompanyCreate, CompanyListQuery, CompanySortField, CompanyUpdate, SortKey,
} from '../../shared/schemas'
import type { CursorListMeta } from '../utils/api'
import { changesBetween, recordAudit, snapshotChanges } from '../utils/audit'
import { notifyNewOwner } from './notifications'
import { withTenant, type Transaction, type TenantContext } from '../utils/tenant'
import { cursorPageOf, isUnfiltered, listTextSearch, recordCount, type CursorKeys, type ListResult, type ListSource, type ReadPage } from './list'
import { assertReferences, recordExists } from './references'
import { companyCandidates, refuseDuplicates, type DuplicateOptions } from './duplicates'
import { companyKeys } from '../../shared/duplicate-keys'
import { queueRescan } from './duplicate-scan'
import { recordGone } from './merge-trail'

export const sortColumns = {
  name: companies.name,
  industry: companies.industry,
  city: companies.city,
  country: companies.country,
  createdAt: companies.createdAt,
  updatedAt: companies.updatedAt,
}

// Matches companies_org_name_idx (org_id, name, id).
export const defaultSort: SortKey<CompanySortField>[] = [{ field: 'name', direction: 'asc' }]

/** A company as the API shows it: the address as one object, the owner expanded; a list page adds its cursor `keys` beside it. */
function selectRecords(tx: Transaction, orgId: string, keys?: CursorKeys) {
  return tx
    .select({
      ...keys,
      id: companies.id,
      name: companies.name,
      industry: companies.industry,
      website: companies.website,
      phone: companies.phone,
      address: { street: companies.street, postalCode: companies.postalCode, city: companies.city, country: companies.country },
      ownerId: companies.ownerId,
      createdAt: companies.createdAt,
      updatedAt: companies.updatedAt,
      owner: { id: users.id, name: users.name },
    })
    .from(companies)
    .leftJoin(users, and(eq(users.orgId, orgId), eq(users.id, companies.ownerId)))
}

export type Company = Omit<Awaited<ReturnType<typeof selectRecords>>[number], 'listCursorKeys'>

/** The columns a company's input writes: the address spreads into its four columns. */
type Columns = Omit<CompanyCreate, 'address'> & AddressInput

function columnsOf(input: CompanyUpdate): Partial<Columns> {
  const { address, ...rest } = input
  if (address === undefined) return rest
  if (address === null) return { ...rest, street: null, postalCode: null, city: null, country: null }
  return { ...rest, ...address }
}

/** One company as the API shows it; 404 (with `details.mergedInto` for a merged-away one) when there is none. */
export async function findRecord(tx: Transaction, orgId: string, id: string): Promise<Company> {
  // Prepared, like the contact's (server/services/contacts.ts).
  const [row] = await selectRecords(tx, orgId).where(and(eq(companies.orgId, orgId), eq(companies.id, id))).prepare('company_record').execute()
  if (!row) throw await recordGone(tx, orgId, 'company', id)
  return row
}

async function lockRow(tx: Transaction, orgId: string, id: string) {
  const [row] = await tx.select().from(companies).where(and(eq(companies.orgId, orgId), eq(companies.id, id))).for('update')
  if (!row) throw await recordGone(tx, orgId, 'company', id)
  return row
}

/** The stored fields of a company (no expansions), for audit snapshots. */
function fields(c: typeof companies.$inferSelect): Columns {
  return {
    name: c.name, industry: c.industry, website: c.website, phone: c.phone,
    street: c.street, postalCode: c.postalCode, city: c.city, country: c.country, ownerId: c.ownerId,
  }
}

/** The list's filter (also used by its CSV export). */
export function listFilter(orgId: string, query: CompanyListQuery) {
  return and(
    eq(companies.orgId, orgId),
    query.ownerId ? eq(companies.ownerId, query.ownerId) : undefined,
    query.industry ? eq(companies.industry, query.industry) : undefined,
    query.country ? eq(companies.country, query.country) : undefined,
    listTextSearch('companies', query.q, companies.id),
  )
}

/** A list page's companies in full, with the cursor keys beside them. */
function readPage(tx: Transaction, orgId: string): ReadPage<Company> {
  return (page, keys, order) => selectRecords(tx, orgId, keys).where(and(eq(companies.orgId, orgId), inArray(companies.id, page))).orderBy(...order)
}

/** One page of the tenant's companies. */
export async function list(ctx: TenantContext, query: CompanyListQuery): Promise<ListResult<Company, CursorListMeta>> {
  const where = listFilter(ctx.orgId, query)
  const source: ListSource<CompanySortField> = { resource: 'companies', table: companies, id: companies.id, columns: sortColumns, defaultSort, where }
  return withTenant(ctx, tx => cursorPageOf(
    tx, query, source,
    () => (isUnfiltered(query) ? recordCount(tx, ctx.orgId, 'companies') : tx.select({ total: count() }).from(companies).where(where)),
    readPage(tx, ctx.orgId),
  ))
}

export async function get(ctx: TenantContext, id: string): Promise<Company> {
  return withTenant(ctx, tx => findRecord(tx, ctx.orgId, id))
}

/** 404 unless the company exists in the caller's organization (for nested lists). */
export async function assertExists(ctx: TenantContext, id: string): Promise<void> {
  await withTenant(ctx, async (tx) => {
    if (!(await recordExists(tx, ctx.orgId, 'companyId', id))) throw await recordGone(tx, ctx.orgId, 'company', id)
  })
}

/**
 * Creates a company; the caller owns it unless another owner is named. Refused with 409
 * DUPLICATE when its name or website looks like a company the organization has, unless `allowDuplicate`.
 */
export async function create(ctx: TenantContext, input: CompanyCreate, options: DuplicateOptions = {}): Promise<Company> {
  return withTenant(ctx, async (tx) => {
    const ownerId = input.ownerId === undefined ? ctx.userId : input.ownerId
    await assertReferences(tx, ctx.orgId, { ownerId })
    const keys = companyKeys(input)
    if (!options.allowDuplicate) refuseDuplicates('company', await companyCandidates(tx, ctx.orgId, keys))
    const [row] = await tx.insert(companies).values({ ...columnsOf(input), ...keys, name: input.name, orgId: ctx.orgId, ownerId }).returning()
    await queueRescan(tx, ctx.orgId, 'company', [row!.id])
    await recordAudit(tx, ctx, {
      action: 'company.create', entity: 'company', entityId: row!.id, changes: snapshotChanges(fields(row!), 'created'),
    })
    await notifyNewOwner(tx, ctx, { recordType: 'company', recordId: row!.id, title: row!.name, ownerId })
    return findRecord(tx, ctx.orgId, row!.id)
  })
}

/**
 * Changes the fields sent (address parts one by one); the audit entry records old and new
 * values. A new name or website that looks like another company is refused with 409
 * DUPLICATE unless `allowDuplicate` (a match it already had does not count again).
 */
export async function update(ctx: TenantContext, id: string, input: CompanyUpdate, options: DuplicateOptions = {}): Promise<Company> {
  return withTenant(ctx, async (tx) => {
    const before = await lockRow(tx, ctx.orgId, id)
    const values = columnsOf(input)
    const changes = changesBetween(before, values)
    if (!changes) return findRecord(tx, ctx.orgId, id)
    await assertReferences(tx, ctx.orgId, { ownerId: values.ownerId })
    const keys = companyKeys({ ...before, ...values })
    const changed = new Set((Object.keys(keys) as (keyof typeof keys)[]).filter(key => keys[key] !== before[key]))
    if (changed.size && !options.allowDuplicate) refuseDuplicates('company', await companyCandidates(tx, ctx.orgId, keys, { excludeId: id, only: changed }))
    const [after] = await tx.update(companies).set({ ...values, ...keys }).where(and(eq(companies.orgId, ctx.orgId), eq(companies.id, id))).returning()
    if (changed.size) await queueRescan(tx, ctx.orgId, 'company', [id])
    await recordAudit(tx, ctx, { action: 'company.update', entity: 'company', entityId: id, changes })
    await notifyNewOwner(tx, ctx, { recordType: 'company', recordId: id, title: after!.name, ownerId: values.ownerId, previousOwnerId: before.ownerId })
    return findRecord(tx, ctx.orgId, id)
  })
}

/**
 * Deletes a company. Its contacts, deals and activities stay and lose the link to it.
 */
export async function remove(ctx: TenantContext, id: string): Promise<{ id: string }> {
  return withTenant(ctx, async (tx) => {
    const before = await lockRow(tx, ctx.orgId, id)
    const unlinked = await tx.update(contacts).set({ companyId: null }).where(and(eq(contacts.orgId, ctx.orgId), eq(contacts.companyId, id))).returning({ id: contacts.id })
    for (const table of [deals, activities]) {
      await tx.update(table).set({ companyId: null }).where(and(eq(table.orgId, ctx.orgId), eq(table.companyId, id)))
    }
    await tx.delete(companies).where(and(eq(companies.orgId, ctx.orgId), eq(companies.id, id)))
    await queueRescan(tx, ctx.orgId, 'company', [id])
    // Its contacts' name matches no longer count as at the same company.
    await queueRescan(tx, ctx.orgId, 'contact', unlinked.map(c => c.id))
    await recordAudit(tx, ctx, {
      action: 'company.delete', entity: 'company', entityId: id, changes: snapshotChanges(fields(before), 'deleted'),
    })
    return { id }
  })
}
