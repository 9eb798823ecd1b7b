import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core'
import { activities, companies, contacts, deals, merges, notifications, users, type MergeSnapshot, type MovedRow } from '../../drizzle/schema'
import {
  COMPANY_MERGE_FIELDS, CONTACT_MERGE_FIELDS, MERGE_UNDO_DAYS,
  type CompanyMerge, type ContactMerge, type MergeEntity,
} from '../../shared/schemas'
import type { MergeRecord } from '../../shared/schemas/responses'
import { companyKeys, contactKeys } from '../../shared/duplicate-keys'
import { resultRows } from '../database/client'
import { ApiError, conflict, notFound, validationError, type ErrorDetail } from '../utils/api'
import { recordAudit } from '../utils/audit'
import { auditActor } from '../utils/auth'
import { withTenant, type Transaction, type TenantContext } from '../utils/tenant'
import * as companyService from './companies'
import * as contactService from './contacts'
import { contactCountry } from './duplicates'
import { recordGone } from './merge-trail'
import { queueRescan } from './duplicate-scan'

type Row = Record<string, unknown> & { id: string }

/** A column that points at a merged record; its rows move to the survivor. */
interface Reference { key: string, table: PgTable, orgId: AnyPgColumn, id: AnyPgColumn, column: AnyPgColumn, where?: ReturnType<typeof eq> }

interface Kind {
  entity: MergeEntity
  table: typeof contacts | typeof companies
  fields: readonly string[]
  /** The stored columns one field of the merge input stands for. */
  columns: (field: string) => string[]
  /** The name shown for a merged-away record. */
  nameOf: (row: Row) => string
  /** The duplicate keys of a record with these values. */
  keys: (tx: Transaction, orgId: string, row: Row) => Promise<Record<string, string | null>>
  references: Reference[]
  /** Extra columns merged by rule rather than by choice (a contact's tags: all of them). */
  united?: (rows: Row[]) => Record<string, unknown>
}

const notificationsOf = (entity: MergeEntity): Reference => ({
  key: 'notifications.recordId', table: notifications, orgId: notifications.orgId, id: notifications.id, column: notifications.recordId, where: eq(notifications.recordType, entity),
})

const kinds: Record<MergeEntity, Kind> = {
  contact: {
    entity: 'contact',
    table: contacts,
    fields: CONTACT_MERGE_FIELDS,
    columns: field => [field],
    nameOf: row => [row.firstName, row.lastName].filter(Boolean).join(' '),
    keys: async (tx, orgId, row) => contactKeys(row as never, await contactCountry(tx, orgId, row.companyId as string | null)),
    references: [
      { key: 'activities.contactId', table: activities, orgId: activities.orgId, id: activities.id, column: activities.contactId },
      { key: 'deals.contactId', table: deals, orgId: deals.orgId, id: deals.id, column: deals.contactId },
      notificationsOf('contact'),
    ],
    united: rows => ({ tags: [...new Set(rows.flatMap(r => r.tags as string[]))] }),
  },
  company: {
    entity: 'company',
    table: companies,
    fields: COMPANY_MERGE_FIELDS,
    columns: field => (field === 'address' ? ['street', 'postalCode', 'city', 'country'] : [field]),
    nameOf: row => row.name as string,
    keys: async (_tx, _orgId, row) => companyKeys(row as never),
    references: [
      { key: 'contacts.companyId', table: contacts, orgId: contacts.orgId, id: contacts.id, column: contacts.companyId },
      { key: 'activities.companyId', table: activities, orgId: activities.orgId, id: activities.id, column: activities.companyId },
      { key: 'deals.companyId', table: deals, orgId: deals.orgId, id: deals.id, column: deals.companyId },
      notificationsOf('company'),
    ],
  },
}

/** What a moved-reference key is called in answers: its table. */
const movedName = (key: string) => key.split('.')[0]!

const isEmpty = (value: unknown) => value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)

/** Dates as ISO strings, so values compare and store as JSON does. */
const plain = (value: unknown): unknown => (value instanceof Date ? value.toISOString() : value ?? null)
const same = (a: unknown, b: unknown) => JSON.stringify(plain(a)) === JSON.stringify(plain(b))

/** Rows of a snapshot back to what the table takes: its timestamps as dates. */
function stored(row: Record<string, unknown>): Row {
  return { ...row, id: row.id as string, createdAt: new Date(row.createdAt as string), updatedAt: new Date(row.updatedAt as string) }
}

function readRecord(kind: Kind, tx: Transaction, orgId: string, id: string) {
  return kind.entity === 'contact' ? contactService.findRecord(tx, orgId, id) : companyService.findRecord(tx, orgId, id)
}

/** The merge as the API shows it. */
async function view(tx: Transaction, orgId: string, id: string): Promise<MergeRecord> {
  const [row] = await tx.select({
    id: merges.id, entity: merges.entity, survivorId: merges.survivorId, mergedIds: merges.mergedIds, snapshot: merges.snapshot,
    actorId: merges.actorId, actorName: users.name, createdAt: merges.createdAt, undoneAt: merges.undoneAt,
    undoableUntil: sql<string | null>`case when ${merges.undoneAt} is null and ${merges.snapshot} is not null
      and ${merges.createdAt} > now() - make_interval(days => ${MERGE_UNDO_DAYS}::int)
      then to_json(${merges.createdAt} + make_interval(days => ${MERGE_UNDO_DAYS}::int)) #>> '{}' end`,
  }).from(merges)
    .leftJoin(users, and(eq(merges.actorType, 'user'), eq(users.orgId, orgId), eq(users.id, merges.actorId)))
    .where(and(eq(merges.orgId, orgId), eq(merges.id, id)))
  if (!row) throw notFound('Merge')
  const kind = kinds[row.entity]
  const names = new Map((row.snapshot?.records ?? []).map(r => [r.id as string, kind.nameOf(r as Row)]))
  return {
    id: row.id,
    entity: row.entity,
    survivorId: row.survivorId,
    mergedIds: row.mergedIds,
    mergedNames: row.undoableUntil ? row.mergedIds.map(mid => names.get(mid) ?? '') : [],
    mergedBy: row.actorId && row.actorName !== null ? { id: row.actorId, name: row.actorName } : null,
    createdAt: row.createdAt.toISOString(),
    undoableUntil: row.undoableUntil ? new Date(row.undoableUntil).toISOString() : null,
    undoneAt: row.undoneAt?.toISOString() ?? null,
  }
}

/** Locks the survivor and the records merged into it, in id order (as every other multi-row lock). */
async function lockAll(kind: Kind, tx: Transaction, orgId: string, survivorId: string, mergeIds: string[]): Promise<{ survivor: Row, merged: Row[] }> {
  const table = kind.table
  const rows = await tx.select().from(table)
    .where(and(eq(table.orgId, orgId), inArray(table.id, [survivorId, ...mergeIds])))
    .orderBy(table.id)
    .for('update') as Row[]
  const byId = new Map(rows.map(r => [r.id, r]))
  const survivor = byId.get(survivorId)
  if (!survivor) throw await recordGone(tx, orgId, kind.entity, survivorId)
  const missing: ErrorDetail[] = mergeIds.flatMap((id, index) => (byId.has(id) ? [] : [{ path: `mergeIds.${index}`, message: `no ${kind.entity} with id ${id} exists in your organization` }]))
  if (missing.length) throw new ApiError(404, 'NOT_FOUND', `${missing.length} of the ${kind.entity === 'contact' ? 'contacts' : 'companies'} to merge not found; nothing was merged`, missing)
  return { survivor, merged: mergeIds.map(id => byId.get(id)!) }
}

/** The survivor's columns after the merge: each field from the record chosen, else its own, else the first merged one that has it. */
function mergedValues(kind: Kind, survivor: Row, merged: Row[], choices: Record<string, string | undefined>): Record<string, unknown> {
  const all = [survivor, ...merged]
  const invalid: ErrorDetail[] = []
  const values: Record<string, unknown> = {}
  for (const field of kind.fields) {
    const columns = kind.columns(field)
    const chosen = choices[field]
    let source: Row | undefined
    if (chosen) {
      source = all.find(r => r.id === chosen)
      if (!source) invalid.push({ path: `fields.${field}`, message: 'must be the id of the survivor or of one of mergeIds' })
    }
    else {
      source = all.find(r => columns.some(c => !isEmpty(r[c]))) ?? survivor
    }
    for (const column of columns) values[column] = source?.[column] ?? null
  }
  if (invalid.length) throw validationError('Invalid merge choice', invalid)
  return { ...values, ...kind.united?.(all) }
}

class DryRun {
  constructor(readonly result: MergeResult) {}
}

export interface MergeResult {
  merge: MergeRecord | null
  record: contactService.Contact | companyService.Company
  moved: Record<string, number>
}

async function mergeInTransaction(kind: Kind, tx: Transaction, ctx: TenantContext, survivorId: string, input: ContactMerge | CompanyMerge): Promise<MergeResult> {
  const orgId = ctx.orgId
  const table = kind.table
  const { survivor, merged } = await lockAll(kind, tx, orgId, survivorId, input.mergeIds)
  const values = mergedValues(kind, survivor, merged, input.fields as Record<string, string | undefined>)
  const after = { ...survivor, ...values }
  const keys = await kind.keys(tx, orgId, after)
  const changed: MergeSnapshot['changed'] = {}
  for (const [column, value] of Object.entries({ ...values, ...keys })) {
    if (!same(survivor[column], value)) changed[column] = { from: plain(survivor[column]), to: plain(value) }
  }

  const moved: MergeSnapshot['moved'] = {}
  const counts: Record<string, number> = {}
  for (const ref of kind.references) {
    const where = and(eq(ref.orgId, orgId), inArray(ref.column, input.mergeIds), ref.where)
    const rows = await tx.select({ id: ref.id, from: ref.column }).from(ref.table).where(where) as MovedRow[]
    if (rows.length) await tx.update(ref.table).set({ [columnKey(ref)]: survivorId }).where(where)
    moved[ref.key] = rows
    counts[movedName(ref.key)] = (counts[movedName(ref.key)] ?? 0) + rows.length
  }
  await tx.delete(table).where(and(eq(table.orgId, orgId), inArray(table.id, input.mergeIds)))
  if (Object.keys(changed).length) {
    await tx.update(table).set(Object.fromEntries(Object.keys(changed).map(c => [c, values[c] ?? keys[c] ?? null]))).where(and(eq(table.orgId, orgId), eq(table.id, survivorId)))
  }
  const actor = auditActor(ctx)
  const [row] = await tx.insert(merges).values({
    orgId, entity: kind.entity, survivorId, mergedIds: input.mergeIds, actorId: actor.actorId, actorType: actor.actorType,
    snapshot: { records: merged.map(r => JSON.parse(JSON.stringify(r)) as Record<string, unknown>), changed, moved },
  }).returning({ id: merges.id })
  const audited = Object.fromEntries(Object.entries(changed).filter(([column]) => !column.endsWith('Key')))
  await recordAudit(tx, ctx, {
    action: `${kind.entity}.merge`, entity: kind.entity, entityId: survivorId,
    changes: { ...audited, mergedIds: { from: null, to: input.mergeIds }, mergeId: { from: null, to: row!.id } },
  })
  for (const record of merged) {
    await recordAudit(tx, ctx, {
      action: `${kind.entity}.merge`, entity: kind.entity, entityId: record.id,
      changes: { mergedInto: { from: null, to: survivorId }, mergeId: { from: null, to: row!.id } },
    })
  }
  return { merge: await view(tx, orgId, row!.id), record: await readRecord(kind, tx, orgId, survivorId), moved: counts }
}

/** The Drizzle key of a reference's column (its property name on the table). */
function columnKey(ref: Reference): string {
  const entry = Object.entries(ref.table).find(([, column]) => column === ref.column)
  return entry![0]
}

/**
 * Merges records into the survivor in one transaction: per field the value chosen, the
 * contact's tags united; activities, deals, contacts of a company and notifications move
 * to the survivor; the merged-away records leave their table and live on in the merge's
 * snapshot for 30 days, for the undo. History and consents stay where they are and are
 * read through the merge (services/merge-trail.ts). A dry run answers the same without writing.
 */
export async function merge(ctx: TenantContext, entity: MergeEntity, survivorId: string, input: ContactMerge | CompanyMerge): Promise<MergeResult> {
  const kind = kinds[entity]
  if (input.mergeIds.includes(survivorId)) {
    throw validationError('A record cannot be merged into itself', [{ path: `mergeIds.${input.mergeIds.indexOf(survivorId)}`, message: 'is the survivor itself' }])
  }
  return withTenant(ctx, async (tx) => {
    if (!input.dryRun) {
      const result = await mergeInTransaction(kind, tx, ctx, survivorId, input)
      // The duplicate scan forgets the merged-away records' pairs and looks at the survivor anew.
      await queueRescan(tx, ctx.orgId, entity, [survivorId, ...input.mergeIds])
      return result
    }
    try {
      // Done for real in a savepoint that is then rolled back: the preview is exactly what a merge would give.
      await tx.transaction(async (savepoint) => {
        const result = await mergeInTransaction(kind, savepoint, ctx, survivorId, input)
        throw new DryRun({ ...result, merge: null })
      })
    }
    catch (error) {
      if (error instanceof DryRun) return error.result
      throw error
    }
    throw new Error('unreachable: a dry run always rolls back')
  })
}

/** Whether a reference still exists, for columns of a restored record that may point at something deleted since. */
async function stillThere(tx: Transaction, orgId: string, table: typeof users | typeof companies, id: unknown): Promise<boolean> {
  if (typeof id !== 'string') return true
  const [row] = await tx.select({ id: table.id }).from(table).where(and(eq(table.orgId, orgId), eq(table.id, id)))
  return !!row
}

export interface UndoResult { merge: MergeRecord, restoredIds: string[], moved: Record<string, number> }

/**
 * Undoes a merge within 30 days: the merged-away records come back as they were, what moved
 * goes back to them (what has since been re-linked elsewhere stays), and the survivor's
 * fields the merge changed get their old values, unless they have been edited since.
 */
export async function undo(ctx: TenantContext, entity: MergeEntity, mergeId: string): Promise<UndoResult> {
  const kind = kinds[entity]
  return withTenant(ctx, async (tx) => {
    const orgId = ctx.orgId
    const [found] = await tx.select({
      survivorId: merges.survivorId, mergedIds: merges.mergedIds, snapshot: merges.snapshot, undoneAt: merges.undoneAt,
      expired: sql<boolean>`${merges.createdAt} <= now() - make_interval(days => ${MERGE_UNDO_DAYS}::int)`,
    }).from(merges).where(and(eq(merges.orgId, orgId), eq(merges.id, mergeId), eq(merges.entity, entity))).for('update')
    if (!found) throw notFound('Merge')
    if (found.undoneAt) throw conflict(`This merge was already undone on ${found.undoneAt.toISOString()}`)
    if (found.expired || !found.snapshot) throw conflict(`A merge can be undone for ${MERGE_UNDO_DAYS} days; this one is older, and what it replaced is no longer kept`)
    const table = kind.table
    const [survivor] = await tx.select().from(table).where(and(eq(table.orgId, orgId), eq(table.id, found.survivorId))).for('update') as Row[]
    if (!survivor) throw conflict('The record this merge went into no longer exists (deleted, or merged into another: undo that merge first)')
    const { records, changed, moved } = found.snapshot

    for (const record of records) {
      const row = stored(record)
      if (!(await stillThere(tx, orgId, users, row.ownerId))) row.ownerId = null
      if (kind.entity === 'contact' && !(await stillThere(tx, orgId, companies, row.companyId))) row.companyId = null
      await tx.insert(table).values(row as never)
    }
    const restore = Object.fromEntries(Object.entries(changed).filter(([column, change]) => same(survivor[column], change.to)).map(([column, change]) => [column, change.from]))
    if (Object.keys(restore).length) {
      const after = { ...survivor, ...restore }
      await tx.update(table).set({ ...restore, ...(await kind.keys(tx, orgId, after)) }).where(and(eq(table.orgId, orgId), eq(table.id, found.survivorId)))
    }

    const counts: Record<string, number> = {}
    for (const ref of kind.references) {
      const rows = moved[ref.key] ?? []
      const byOwner = new Map<string, string[]>()
      for (const r of rows) byOwner.set(r.from, [...(byOwner.get(r.from) ?? []), r.id])
      let n = 0
      for (const [from, ids] of byOwner) {
        const back = await tx.update(ref.table).set({ [columnKey(ref)]: from })
          .where(and(eq(ref.orgId, orgId), inArray(ref.id, ids), eq(ref.column, found.survivorId), ref.where))
          .returning({ id: ref.id })
        n += back.length
      }
      counts[movedName(ref.key)] = (counts[movedName(ref.key)] ?? 0) + n
    }
    await tx.update(merges).set({ undoneAt: sql`now()`, undoneBy: auditActor(ctx).actorId, snapshot: null })
      .where(and(eq(merges.orgId, orgId), eq(merges.id, mergeId)))
    await recordAudit(tx, ctx, {
      action: `${kind.entity}.merge_undo`, entity: kind.entity, entityId: found.survivorId,
      changes: { ...Object.fromEntries(Object.entries(restore).filter(([c]) => !c.endsWith('Key')).map(([c, from]) => [c, { from: changed[c]!.to, to: from }])), restoredIds: { from: null, to: found.mergedIds }, mergeId: { from: null, to: mergeId } },
    })
    for (const id of found.mergedIds) {
      await recordAudit(tx, ctx, { action: `${kind.entity}.merge_undo`, entity: kind.entity, entityId: id, changes: { mergedInto: { from: found.survivorId, to: null }, mergeId: { from: null, to: mergeId } } })
    }
    await queueRescan(tx, orgId, entity, [found.survivorId, ...found.mergedIds])
    return { merge: await view(tx, orgId, mergeId), restoredIds: found.mergedIds, moved: counts }
  })
}

/** The merges into a record, newest first (at most 20): what its page offers to undo. */
export async function mergesInto(ctx: TenantContext, entity: MergeEntity, survivorId: string): Promise<MergeRecord[]> {
  const kind = kinds[entity]
  return withTenant(ctx, async (tx) => {
    await readRecord(kind, tx, ctx.orgId, survivorId)
    const rows = await tx.select({ id: merges.id }).from(merges)
      .where(and(eq(merges.orgId, ctx.orgId), eq(merges.entity, entity), eq(merges.survivorId, survivorId)))
      .orderBy(desc(merges.createdAt), desc(merges.id)).limit(20)
    const result: MergeRecord[] = []
    for (const row of rows) result.push(await view(tx, ctx.orgId, row.id))
    return result
  })
}

/** The people merged into a contact (not undone), as the snapshots still hold them: an erasure scrubs their values too. */
export async function mergedPeople(tx: Transaction, orgId: string, ids: string[]): Promise<{ firstName: string, lastName: string, email: string | null, phone: string | null }[]> {
  if (!ids.length) return []
  const rows = resultRows<{ snapshot: MergeSnapshot | null }>(await tx.execute(sql`
    select snapshot from merges where org_id = ${orgId} and entity = 'contact' and merged_ids && ${uuidArray(ids)}`))
  return rows.flatMap(r => (r.snapshot?.records ?? []) as never[])
}

/** Drops every trace of merges that involve these contacts (the erasure of one of them). */
export async function forgetMerges(tx: Transaction, orgId: string, ids: string[]): Promise<number> {
  if (!ids.length) return 0
  const gone = await tx.delete(merges).where(and(eq(merges.orgId, orgId), eq(merges.entity, 'contact'), sql`(${merges.survivorId} = any(${uuidArray(ids)}) or ${merges.mergedIds} && ${uuidArray(ids)})`))
    .returning({ id: merges.id })
  return gone.length
}

/** A uuid[] parameter that both drivers pass the same way (as JSON). */
function uuidArray(ids: string[]) {
  return sql`array(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))::uuid[]`
}
