import { and, asc, count, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm'
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { companies, contacts, duplicatePairs, duplicateScanQueue, duplicateScans } from '../../drizzle/schema'
import type { DuplicateKind, DuplicateMatch, DuplicatePairListQuery } from '../../shared/schemas'
import type { DuplicatePair } from '../../shared/schemas/responses'
import { resultRows } from '../database/client'
import { notFound, type CursorListMeta } from '../utils/api'
import { recordAudit } from '../utils/audit'
import { withoutTenant, withTenant, type TenantContext, type Transaction } from '../utils/tenant'
import { companyCandidatesOfMany, contactCandidatesOfMany } from './duplicates'
import { cursorPageOf, type CursorKeys, type ListResult, type ListSource } from './list'

// Likely duplicate pairs found in the background and kept current: every write of a contact
// or company queues the record in its own transaction (duplicate_scan_queue), and the
// duplicate-scan job (server/jobs) recomputes the queued records' pairs with the matcher of
// the check on create (services/duplicates.ts: equal keys on the (org_id, key) indexes, the
// same scoring), one lookup per batch of records, never a pairwise pass. An organization's
// records from before its first scan are walked once, in id order and in batches, alike.

/** Records recomputed per transaction. */
export const SCAN_BATCH = 200

/**
 * Queues records for a rescan of their pairs, in the caller's transaction: a create,
 * update or delete and its rescan commit together or not at all.
 */
export async function queueRescan(tx: Transaction, orgId: string, kind: DuplicateKind, ids: readonly string[]): Promise<void> {
  if (!ids.length) return
  await tx.insert(duplicateScanQueue).values([...new Set(ids)].map(recordId => ({ orgId, kind, recordId }))).onConflictDoNothing()
}

interface Found { score: number, reasons: DuplicateMatch[] }

const pairKey = (x: string, y: string) => (x < y ? `${x}|${y}` : `${y}|${x}`)

/** The current candidates of each stored record among `ids` (records that are gone have none), by pair. */
async function candidatesOf(tx: Transaction, orgId: string, kind: DuplicateKind, ids: string[]): Promise<Map<string, Found>> {
  const found = new Map<string, Found>()
  const matches = kind === 'contact'
    ? await contactCandidatesOfMany(tx, orgId, await tx.select({ id: contacts.id, emailKey: contacts.emailKey, phoneKey: contacts.phoneKey, nameKey: contacts.nameKey, companyId: contacts.companyId })
        .from(contacts).where(and(eq(contacts.orgId, orgId), inArray(contacts.id, ids))))
    : await companyCandidatesOfMany(tx, orgId, await tx.select({ id: companies.id, domainKey: companies.domainKey, nameKey: companies.nameKey })
        .from(companies).where(and(eq(companies.orgId, orgId), inArray(companies.id, ids))))
  for (const [id, candidates] of matches) {
    for (const candidate of candidates) {
      const key = pairKey(id, candidate.id)
      const known = found.get(key)
      if (!known || known.score < candidate.score) found.set(key, { score: candidate.score, reasons: candidate.matched })
    }
  }
  return found
}

/**
 * Recomputes the pairs of these records: new ones are added, changed ones take the new
 * score and reasons (keeping when they were found and whether they were dismissed), and
 * open pairs that no longer match are removed, as are all pairs of records that are gone.
 * Returns how many pairs are open or known for these records now.
 */
export async function recomputePairs(tx: Transaction, orgId: string, kind: DuplicateKind, ids: string[]): Promise<number> {
  if (!ids.length) return 0
  const found = await candidatesOf(tx, orgId, kind, ids)
  const existing = await tx.select({ id: duplicatePairs.id, a: duplicatePairs.recordA, b: duplicatePairs.recordB, dismissedAt: duplicatePairs.dismissedAt })
    .from(duplicatePairs)
    .where(and(eq(duplicatePairs.orgId, orgId), eq(duplicatePairs.kind, kind), or(inArray(duplicatePairs.recordA, ids), inArray(duplicatePairs.recordB, ids))))
  const stored = await storedIds(tx, orgId, kind, ids)
  // A dismissed pair is kept while both records exist: it is what remembers the dismissal.
  const stale = existing.filter(pair => !found.has(pairKey(pair.a, pair.b)) && (!pair.dismissedAt || !stored.has(pair.a) || !stored.has(pair.b)))
  if (stale.length) await tx.delete(duplicatePairs).where(and(eq(duplicatePairs.orgId, orgId), inArray(duplicatePairs.id, stale.map(p => p.id))))
  if (found.size) {
    await tx.insert(duplicatePairs)
      .values([...found].map(([key, f]) => {
        const [recordA, recordB] = key.split('|') as [string, string]
        return { orgId, kind, recordA, recordB, score: f.score, reasons: f.reasons }
      }))
      .onConflictDoUpdate({
        target: [duplicatePairs.orgId, duplicatePairs.kind, duplicatePairs.recordA, duplicatePairs.recordB],
        set: { score: sql`excluded.score`, reasons: sql`excluded.reasons`, updatedAt: sql`now()` },
        setWhere: sql`(${duplicatePairs.score}, ${duplicatePairs.reasons}) is distinct from (excluded.score, excluded.reasons)`,
      })
  }
  return found.size
}

async function storedIds(tx: Transaction, orgId: string, kind: DuplicateKind, ids: string[]): Promise<Set<string>> {
  const table = kind === 'contact' ? contacts : companies
  const rows = await tx.select({ id: table.id }).from(table).where(and(eq(table.orgId, orgId), inArray(table.id, ids)))
  return new Set(rows.map(r => r.id))
}

/** Organizations with scanning to do: records queued, or a first full scan not finished. */
export async function organizationsToScan(): Promise<string[]> {
  return withoutTenant(async (tx) => {
    const result = await tx.execute(sql`select org_id from jobs_duplicate_scan_orgs()`)
    return resultRows<{ org_id: string }>(result).map(r => r.org_id)
  })
}

export interface ScanProgress { recordsScanned: number, done: boolean }

/**
 * One step of an organization's scanning, in one transaction: the next batch of its first
 * full scan of a kind, else the next batch of queued records. `done` when nothing is left.
 */
export async function scanStep(ctx: TenantContext, batch = SCAN_BATCH): Promise<ScanProgress> {
  return withTenant(ctx, async (tx) => {
    const orgId = ctx.orgId
    const scans = await tx.select().from(duplicateScans).where(eq(duplicateScans.orgId, orgId))
    for (const kind of ['contact', 'company'] as const) {
      const scan = scans.find(s => s.kind === kind)
      if (scan?.completedAt) continue
      const table = kind === 'contact' ? contacts : companies
      const rows = await tx.select({ id: table.id }).from(table)
        .where(and(eq(table.orgId, orgId), scan?.cursor ? gt(table.id, scan.cursor) : undefined))
        .orderBy(asc(table.id)).limit(batch)
      const ids = rows.map(r => r.id)
      await recomputePairs(tx, orgId, kind, ids)
      const state = { cursor: ids.at(-1) ?? scan?.cursor ?? null, completedAt: ids.length < batch ? sql`now()` : null }
      await tx.insert(duplicateScans).values({ orgId, kind, ...state })
        .onConflictDoUpdate({ target: [duplicateScans.orgId, duplicateScans.kind], set: state })
      return { recordsScanned: ids.length, done: false }
    }
    // Claimed by deleting: a write that queues one of them again meanwhile waits for this commit, then queues it anew.
    const queued = await tx.delete(duplicateScanQueue)
      .where(and(eq(duplicateScanQueue.orgId, orgId), sql`(${duplicateScanQueue.kind}, ${duplicateScanQueue.recordId}) in (
        select kind, record_id from duplicate_scan_queue where org_id = ${orgId} order by queued_at limit ${batch} for update skip locked)`))
      .returning({ kind: duplicateScanQueue.kind, recordId: duplicateScanQueue.recordId })
    for (const kind of ['contact', 'company'] as const) {
      await recomputePairs(tx, orgId, kind, queued.filter(q => q.kind === kind).map(q => q.recordId))
    }
    return { recordsScanned: queued.length, done: queued.length < batch }
  })
}

/** Scans an organization until nothing is left or `budgetMs` has passed; answers the records scanned. */
export async function scanOrganization(ctx: TenantContext, budgetMs = 10_000, batch = SCAN_BATCH): Promise<number> {
  const until = Date.now() + budgetMs
  let scanned = 0
  for (;;) {
    const step = await scanStep(ctx, batch)
    scanned += step.recordsScanned
    if (step.done || Date.now() >= until) return scanned
    // Embedded PGlite answers without I/O: let requests in between the batches.
    await new Promise(resolve => setImmediate(resolve))
  }
}

const contactA = alias(contacts, 'record_a')
const contactB = alias(contacts, 'record_b')
const companyA = alias(companies, 'record_a')
const companyB = alias(companies, 'record_b')
const companyOfA = alias(companies, 'company_a')
const companyOfB = alias(companies, 'company_b')

function existsRecord(kind: DuplicateKind, column: AnyPgColumn) {
  const table = kind === 'contact' ? contacts : companies
  return sql`exists (select 1 from ${table} where ${table.orgId} = ${duplicatePairs.orgId} and ${table.id} = ${column})`
}

const none = sql<string | null>`null::text`

/** One side of a pair as the list shows it, read with the same columns for either kind. */
function contactSummary(c: typeof contactA | typeof contactB, company: typeof companyOfA | typeof companyOfB) {
  return {
    id: c.id, name: sql<string>`btrim(${c.firstName} || ' ' || ${c.lastName})`, email: c.email, phone: c.phone,
    companyName: company.name, website: none, city: none, createdAt: c.createdAt,
  }
}

function companySummary(c: typeof companyA | typeof companyB) {
  return { id: c.id, name: c.name, email: none, phone: c.phone, companyName: none, website: c.website, city: c.city, createdAt: c.createdAt }
}

type Summary = DuplicatePair['records'][number]

/** One page of the organization's open pairs of a kind, newest first, both records summarised (older first). */
export async function listPairs(ctx: TenantContext, query: DuplicatePairListQuery): Promise<ListResult<DuplicatePair, CursorListMeta>> {
  const { kind } = query
  const where = and(
    eq(duplicatePairs.orgId, ctx.orgId), eq(duplicatePairs.kind, kind), isNull(duplicatePairs.dismissedAt),
    existsRecord(kind, duplicatePairs.recordA), existsRecord(kind, duplicatePairs.recordB),
  )
  const source: ListSource<'foundAt'> = {
    resource: 'duplicates', table: duplicatePairs, id: duplicatePairs.id, columns: { foundAt: duplicatePairs.foundAt },
    defaultSort: [{ field: 'foundAt', direction: 'desc' }], where,
  }
  return withTenant(ctx, async (tx) => {
    const result = await cursorPageOf(tx, query, source, () => tx.select({ total: count() }).from(duplicatePairs).where(where), (page, keys: CursorKeys, order) => {
      const pair = { ...keys, id: duplicatePairs.id, score: duplicatePairs.score, reasons: duplicatePairs.reasons, foundAt: duplicatePairs.foundAt }
      const onPage = and(eq(duplicatePairs.orgId, ctx.orgId), inArray(duplicatePairs.id, page))
      if (kind === 'contact') {
        return tx.select({ ...pair, a: contactSummary(contactA, companyOfA), b: contactSummary(contactB, companyOfB) }).from(duplicatePairs)
          .innerJoin(contactA, and(eq(contactA.orgId, duplicatePairs.orgId), eq(contactA.id, duplicatePairs.recordA)))
          .innerJoin(contactB, and(eq(contactB.orgId, duplicatePairs.orgId), eq(contactB.id, duplicatePairs.recordB)))
          .leftJoin(companyOfA, and(eq(companyOfA.orgId, duplicatePairs.orgId), eq(companyOfA.id, contactA.companyId)))
          .leftJoin(companyOfB, and(eq(companyOfB.orgId, duplicatePairs.orgId), eq(companyOfB.id, contactB.companyId)))
          .where(onPage).orderBy(...order)
      }
      return tx.select({ ...pair, a: companySummary(companyA), b: companySummary(companyB) }).from(duplicatePairs)
        .innerJoin(companyA, and(eq(companyA.orgId, duplicatePairs.orgId), eq(companyA.id, duplicatePairs.recordA)))
        .innerJoin(companyB, and(eq(companyB.orgId, duplicatePairs.orgId), eq(companyB.id, duplicatePairs.recordB)))
        .where(onPage).orderBy(...order)
    })
    const summary = (r: Omit<Summary, 'createdAt'> & { createdAt: Date }): Summary => ({ ...r, createdAt: new Date(r.createdAt).toISOString() })
    return {
      meta: result.meta,
      data: result.data.map((row) => {
        const records = [summary(row.a), summary(row.b)].sort((x, y) => x.createdAt.localeCompare(y.createdAt) || x.id.localeCompare(y.id))
        return { id: row.id, kind, score: row.score, reasons: row.reasons, foundAt: new Date(row.foundAt).toISOString(), records: records as [Summary, Summary] }
      }),
    }
  })
}

/** Marks a pair "not a duplicate": it stays so through every rescan. Audited; dismissing twice changes nothing. */
export async function dismissPair(ctx: TenantContext, pairId: string): Promise<{ id: string, dismissedAt: string }> {
  return withTenant(ctx, async (tx) => {
    const [pair] = await tx.select().from(duplicatePairs).where(and(eq(duplicatePairs.orgId, ctx.orgId), eq(duplicatePairs.id, pairId))).for('update')
    if (!pair) throw notFound('Duplicate pair')
    if (pair.dismissedAt) return { id: pair.id, dismissedAt: pair.dismissedAt.toISOString() }
    const [done] = await tx.update(duplicatePairs).set({ dismissedAt: sql`now()` })
      .where(and(eq(duplicatePairs.orgId, ctx.orgId), eq(duplicatePairs.id, pairId)))
      .returning({ dismissedAt: duplicatePairs.dismissedAt })
    await recordAudit(tx, ctx, {
      action: 'duplicate.dismiss', entity: pair.kind, entityId: pair.recordA,
      changes: { pairId: pair.id, records: [pair.recordA, pair.recordB], score: pair.score, reasons: pair.reasons },
    })
    return { id: pair.id, dismissedAt: done!.dismissedAt!.toISOString() }
  })
}
