import { and, arrayContains, count, eq, gte, inArray } from 'drizzle-orm'
import { activities, companies, contacts, deals, users } from '../../drizzle/schema'
import type {
  ContactBulk, ContactCreate, ContactListQuery, ContactSortField, ContactUpdate, SortKey,
} from '../../shared/schemas'
import type { ContactBulkResult } from '../../shared/schemas/responses'
import { ApiError, type CursorListMeta } from '../utils/api'
import { changesBetween, recordAudit, snapshotChanges } from '../utils/audit'
import { notifyNewOwner } from './notifications'
import { withTenant, type Transaction, type TenantContext } from '../utils/tenant'
import { cursorPageOf, isUnfiltered, listTextSearch, pageQueryOf, recordCount, type CursorKeys, type ListResult, type ListSource, type ReadPage } from './list'
import { assertReferences, recordExists } from './references'
import { contactCandidates, contactCountry, refuseDuplicates, type DuplicateOptions } from './duplicates'
import { contactKeys } from '../../shared/duplicate-keys'
import { queueRescan } from './duplicate-scan'
import { recordGone } from './merge-trail'

export const sortColumns = {
  lastName: contacts.lastName,
  firstName: contacts.firstName,
  email: contacts.email,
  createdAt: contacts.createdAt,
  updatedAt: contacts.updatedAt,
}

// Matches contacts_org_name_idx (org_id, last_name, first_name, id).
export const defaultSort: SortKey<ContactSortField>[] = [{ field: 'lastName', direction: 'asc' }, { field: 'firstName', direction: 'asc' }]

/** A contact as the API shows it, with its company and owner expanded; a list page adds its cursor `keys` beside it. */
function selectRecords(tx: Transaction, orgId: string, keys?: CursorKeys) {
  return tx
    .select({
      ...keys,
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
    .leftJoin(companies, and(eq(companies.orgId, orgId), eq(companies.id, contacts.companyId)))
    .leftJoin(users, and(eq(users.orgId, orgId), eq(users.id, contacts.ownerId)))
}

export type Contact = Omit<Awaited<ReturnType<typeof selectRecords>>[number], 'listCursorKeys'>

/** One contact as the API shows it; 404 (with `details.mergedInto` for a merged-away one) when there is none. */
export async function findRecord(tx: Transaction, orgId: string, id: string): Promise<Contact> {
  // Prepared: planning this join on every read cost more than running it (bench/README.md, contact detail).
  const [row] = await selectRecords(tx, orgId).where(and(eq(contacts.orgId, orgId), eq(contacts.id, id))).prepare('contact_record').execute()
  if (!row) throw await recordGone(tx, orgId, 'contact', id)
  return row
}

/** The list's filter (also used by its CSV export). */
export function listFilter(orgId: string, query: ContactListQuery) {
  return and(
    eq(contacts.orgId, orgId),
    query.companyId ? eq(contacts.companyId, query.companyId) : undefined,
    query.ownerId ? eq(contacts.ownerId, query.ownerId) : undefined,
    query.tag ? arrayContains(contacts.tags, query.tag) : undefined,
    query.createdAfter ? gte(contacts.createdAt, query.createdAfter) : undefined,
    listTextSearch('contacts', query.q, contacts.id),
  )
}

function listSource(orgId: string, query: ContactListQuery): ListSource<ContactSortField> {
  return { resource: 'contacts', table: contacts, id: contacts.id, columns: sortColumns, defaultSort, where: listFilter(orgId, query) }
}

/** The statement of one list page. Exported so a test can check its plan. */
export function pageQuery(tx: Transaction, orgId: string, query: ContactListQuery) {
  return pageQueryOf(tx, query, listSource(orgId, query), readPage(tx, orgId))
}

/** A list page's contacts in full, with the cursor keys beside them. */
function readPage(tx: Transaction, orgId: string): ReadPage<Contact> {
  return (page, keys, order) => selectRecords(tx, orgId, keys).where(and(eq(contacts.orgId, orgId), inArray(contacts.id, page))).orderBy(...order)
}

/** One page of the tenant's contacts, by page number or by cursor. */
export async function list(ctx: TenantContext, query: ContactListQuery): Promise<ListResult<Contact, CursorListMeta>> {
  const source = listSource(ctx.orgId, query)
  return withTenant(ctx, tx => cursorPageOf(
    tx, query, source,
    () => (isUnfiltered(query) ? recordCount(tx, ctx.orgId, 'contacts') : tx.select({ total: count() }).from(contacts).where(source.where)),
    readPage(tx, ctx.orgId),
  ))
}

export async function get(ctx: TenantContext, id: string): Promise<Contact> {
  return withTenant(ctx, tx => findRecord(tx, ctx.orgId, id))
}

/** 404 unless the contact exists in the caller's organization (for nested lists). */
export async function assertExists(ctx: TenantContext, id: string): Promise<void> {
  await withTenant(ctx, async (tx) => {
    if (!(await recordExists(tx, ctx.orgId, 'contactId', id))) throw await recordGone(tx, ctx.orgId, 'contact', id)
  })
}

/**
 * Creates a contact; the caller owns it unless another owner is named. Refused with 409
 * DUPLICATE when it looks like a contact the organization has, unless `allowDuplicate`.
 */
export async function create(ctx: TenantContext, input: ContactCreate, options: DuplicateOptions = {}): Promise<Contact> {
  return withTenant(ctx, async (tx) => {
    const ownerId = input.ownerId === undefined ? ctx.userId : input.ownerId
    await assertReferences(tx, ctx.orgId, { companyId: input.companyId, ownerId })
    const keys = contactKeys(input, await contactCountry(tx, ctx.orgId, input.companyId))
    if (!options.allowDuplicate) refuseDuplicates('contact', await contactCandidates(tx, ctx.orgId, keys, { companyId: input.companyId }))
    const [row] = await tx.insert(contacts)
      .values({ ...input, ...keys, orgId: ctx.orgId, ownerId })
      .returning({ id: contacts.id })
    const record = await findRecord(tx, ctx.orgId, row!.id)
    await queueRescan(tx, ctx.orgId, 'contact', [record.id])
    await recordAudit(tx, ctx, {
      action: 'contact.create', entity: 'contact', entityId: record.id, changes: snapshotChanges(fields(record), 'created'),
    })
    await notifyNewOwner(tx, ctx, { recordType: 'contact', recordId: record.id, title: nameOf(record), ownerId })
    return record
  })
}

const nameOf = (c: { firstName: string | null, lastName: string }) => [c.firstName, c.lastName].filter(Boolean).join(' ')

/**
 * Changes the fields sent; the audit entry records each changed field's old and new value.
 * A change of email, phone or name that makes it look like another contact is refused
 * with 409 DUPLICATE unless `allowDuplicate` (a match it already had does not count again).
 */
export async function update(ctx: TenantContext, id: string, input: ContactUpdate, options: DuplicateOptions = {}): Promise<Contact> {
  return withTenant(ctx, async (tx) => {
    const [before] = await tx.select().from(contacts)
      .where(and(eq(contacts.orgId, ctx.orgId), eq(contacts.id, id)))
      .for('update')
    if (!before) throw await recordGone(tx, ctx.orgId, 'contact', id)
    const changes = changesBetween(before, input)
    if (!changes) return findRecord(tx, ctx.orgId, id)
    await assertReferences(tx, ctx.orgId, { companyId: input.companyId, ownerId: input.ownerId })
    const after = { ...before, ...input }
    const keys = contactKeys(after, await contactCountry(tx, ctx.orgId, after.companyId))
    const changed = new Set((Object.keys(keys) as (keyof typeof keys)[]).filter(key => keys[key] !== before[key]))
    if (changed.size && !options.allowDuplicate) {
      refuseDuplicates('contact', await contactCandidates(tx, ctx.orgId, keys, { excludeId: id, companyId: after.companyId, only: changed }))
    }
    await tx.update(contacts).set({ ...input, ...keys }).where(and(eq(contacts.orgId, ctx.orgId), eq(contacts.id, id)))
    // A new company weighs a name match differently, so it rescans as a key change does.
    if (changed.size || 'companyId' in changes) await queueRescan(tx, ctx.orgId, 'contact', [id])
    await recordAudit(tx, ctx, { action: 'contact.update', entity: 'contact', entityId: id, changes })
    const record = await findRecord(tx, ctx.orgId, id)
    await notifyNewOwner(tx, ctx, { recordType: 'contact', recordId: id, title: nameOf(record), ownerId: input.ownerId, previousOwnerId: before.ownerId })
    return record
  })
}

/**
 * Deletes a contact. Deals and activities that point at it stay and lose the link
 * (they belong to the team's history, not to the person).
 */
export async function remove(ctx: TenantContext, id: string): Promise<{ id: string }> {
  return withTenant(ctx, async (tx) => {
    const [before] = await lockRows(tx, ctx.orgId, [id])
    if (!before) throw await recordGone(tx, ctx.orgId, 'contact', id)
    await removeLocked(tx, ctx, [before])
    return { id }
  })
}

type StoredContact = typeof contacts.$inferSelect

function lockRows(tx: Transaction, orgId: string, ids: string[]): Promise<StoredContact[]> {
  return tx.select().from(contacts)
    .where(and(eq(contacts.orgId, orgId), inArray(contacts.id, ids)))
    .orderBy(contacts.id)
    .for('update')
}

/** Deletes locked contacts, unlinking what points at them, with one audit entry each. */
async function removeLocked(tx: Transaction, ctx: TenantContext, rows: StoredContact[]): Promise<void> {
  const ids = rows.map(r => r.id)
  for (const table of [deals, activities]) {
    await tx.update(table).set({ contactId: null }).where(and(eq(table.orgId, ctx.orgId), inArray(table.contactId, ids)))
  }
  await tx.delete(contacts).where(and(eq(contacts.orgId, ctx.orgId), inArray(contacts.id, ids)))
  await queueRescan(tx, ctx.orgId, 'contact', ids)
  for (const before of rows) {
    await recordAudit(tx, ctx, {
      action: 'contact.delete', entity: 'contact', entityId: before.id, changes: snapshotChanges(fields(before), 'deleted'),
    })
  }
}

/** The change a bulk action makes to one contact, or null when it is already so. */
function bulkChange(input: ContactBulk, row: StoredContact): ContactUpdate | null {
  switch (input.action) {
    case 'assign_owner':
      return row.ownerId === input.ownerId ? null : { ownerId: input.ownerId }
    case 'add_tag':
      return row.tags.includes(input.tag) ? null : { tags: [...row.tags, input.tag] }
    case 'remove_tag':
      return row.tags.includes(input.tag) ? { tags: row.tags.filter(tag => tag !== input.tag) } : null
    default:
      return null
  }
}

/**
 * One action over many contacts in one transaction: if any id names no contact of the
 * organization, nothing changes and the 404 lists each such id (`ids.<index>`). Every
 * contact that actually changes gets its own audit entry, as a single update would.
 */
export async function bulk(ctx: TenantContext, input: ContactBulk): Promise<ContactBulkResult> {
  return withTenant(ctx, async (tx) => {
    const rows = await lockRows(tx, ctx.orgId, input.ids)
    const found = new Set(rows.map(r => r.id))
    const missing = input.ids.flatMap((id, index) => (found.has(id) ? [] : [{ path: `ids.${index}`, message: `no contact with id ${id} exists in your organization` }]))
    if (missing.length) throw new ApiError(404, 'NOT_FOUND', `${missing.length} of ${input.ids.length} contacts not found; nothing was changed`, missing)
    if (input.action === 'delete') {
      await removeLocked(tx, ctx, rows)
      return { action: input.action, ids: input.ids, changed: rows.length }
    }
    if (input.action === 'assign_owner') await assertReferences(tx, ctx.orgId, { ownerId: input.ownerId })
    let changed = 0
    for (const row of rows) {
      const change = bulkChange(input, row)
      const changes = change && changesBetween(row, change)
      if (!change || !changes) continue
      await tx.update(contacts).set(change).where(and(eq(contacts.orgId, ctx.orgId), eq(contacts.id, row.id)))
      await recordAudit(tx, ctx, { action: 'contact.update', entity: 'contact', entityId: row.id, changes })
      changed++
    }
    return { action: input.action, ids: input.ids, changed }
  })
}

/** The stored fields of a contact (no expansions), for audit snapshots. */
function fields(c: Pick<Contact, keyof ContactCreate>): ContactCreate {
  return {
    firstName: c.firstName, lastName: c.lastName, email: c.email, phone: c.phone, position: c.position,
    companyId: c.companyId, ownerId: c.ownerId, tags: c.tags,
  }
}
