import { and, asc, eq, inArray, or, sql } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import {
  companies, contacts, deals, dealStageHistory, importChunks, importErrors, importMatches, importRecords, imports, organizations, pipelines,
} from '../../../drizzle/schema'
import type { DuplicateMatch, ImportEntity, ImportField, ImportMatchAction, PipelineStage } from '../../../shared/schemas'
import { resultRows } from '../../database/client'
import { changesBetween, recordAudit } from '../../utils/audit'
import { companyKeys, contactKeys } from '../../../shared/duplicate-keys'
import { companyEvidence, contactEvidence } from '../duplicates'
import { queueRescan } from '../duplicate-scan'
import { dataExceptionState, loggable, sqlState } from '../../utils/error-envelope'
import { withoutTenant, withTenant, type Transaction, type TenantContext } from '../../utils/tenant'
import { notify } from '../notifications'
import { recordsOf, type CsvRecord } from './file'
import { cellsOf, companyRow, contactRow, dealRow, isBlank } from './rows'
import type { ImportView } from './view'

/** Rows per transaction: each batch commits with the import's cursor, or not at all. */
export const BATCH_ROWS = 500
/** A running import's heartbeat interval; one silent for STALE_SECONDS lost its server. */
const HEARTBEAT_MS = 5000
export const STALE_SECONDS = 20

interface Counts { created: number, updated: number, skipped: number, rejected: number }
interface Rejection { line: number, reason: string }
interface Touched { entity: ImportEntity, recordId: string, action: 'created' | 'updated', previous?: Record<string, unknown> | null }
interface Matched { line: number, recordId: string, rules: DuplicateMatch[], action: ImportMatchAction }

/** What one batch did, written in the batch's transaction. */
class BatchResult {
  counts: Counts = { created: 0, updated: 0, skipped: 0, rejected: 0 }
  rejections: Rejection[] = []
  touched: Touched[] = []
  matches: Matched[] = []
  reject(line: number, reasons: string[]) {
    this.counts.rejected++
    this.rejections.push({ line, reason: reasons.join('; ') })
  }

  add(other: BatchResult) {
    for (const key of Object.keys(this.counts) as (keyof Counts)[]) this.counts[key] += other.counts[key]
    this.rejections.push(...other.rejections)
    this.touched.push(...other.touched)
    this.matches.push(...other.matches)
  }
}

interface RunState { importId: string, stop: boolean, done: Promise<void> }
const running = new Map<string, RunState>()
let stopping = false

/** Runs the import in this process, detached from the request that started it. */
export function startRun(ctx: TenantContext, view: ImportView, runId: string): void {
  const state: RunState = { importId: view.id, stop: false, done: Promise.resolve() }
  state.done = execute(ctx, view, runId, state).finally(() => running.delete(view.id))
  running.set(view.id, state)
}

/** On shutdown: runs stop after their current batch and are marked interrupted, to be resumed. */
export async function stopRunningImports(): Promise<void> {
  stopping = true
  for (const state of running.values()) state.stop = true
  await Promise.all([...running.values()].map(state => state.done))
}

/** Marks imports whose runner went silent (its server died) as interrupted; returns how many. */
export async function markInterruptedImports(staleSeconds = STALE_SECONDS): Promise<number> {
  const result = await withoutTenant(tx => tx.execute(sql`select imports_mark_interrupted(${staleSeconds}) as n`))
  return Number(resultRows<{ n: number }>(result)[0]?.n ?? 0)
}

async function execute(ctx: TenantContext, view: ImportView, runId: string, state: RunState): Promise<void> {
  const beat = setInterval(() => {
    withTenant(ctx, tx => tx.update(imports).set({ heartbeatAt: sql`now()` })
      .where(and(eq(imports.orgId, ctx.orgId), eq(imports.id, view.id), eq(imports.runId, runId), eq(imports.status, 'running'))))
      .catch(() => {})
  }, HEARTBEAT_MS)
  beat.unref()
  try {
    const writer = await writerFor(ctx, view)
    const mapping = view.mapping as Record<string, ImportField>
    let header = true
    let index = 0
    let batch: CsvRecord[] = []
    const commit = async () => {
      if (state.stop || stopping) {
        await finish(ctx, view.id, runId, 'interrupted')
        return false
      }
      const kept = await withTenant(ctx, async (tx) => {
        const [current] = await tx.select({ status: imports.status, runId: imports.runId }).from(imports)
          .where(and(eq(imports.orgId, ctx.orgId), eq(imports.id, view.id))).for('update')
        if (current?.status !== 'running' || current.runId !== runId) return false
        const rows = batch.filter(record => !isBlank(record.fields)).map(record => ({ line: record.line, cells: cellsOf(record.fields, mapping) }))
        await save(tx, ctx, view, await writeBatch(tx, writer, rows), batch.length)
        return true
      })
      batch = []
      // Embedded PGlite answers without I/O, so its promises never let the event loop
      // breathe: yield after each batch, so requests (progress polls) are served meanwhile.
      await new Promise(resolve => setImmediate(resolve))
      return kept
    }
    for await (const record of recordsOf({ orgId: ctx.orgId, importId: view.id, encoding: view.encoding, delimiter: view.delimiter })) {
      if (header) {
        header = false
        continue
      }
      if (++index <= view.rowsDone) continue
      batch.push(record)
      if (batch.length >= BATCH_ROWS && !(await commit())) return
    }
    if (batch.length && !(await commit())) return
    await finish(ctx, view.id, runId, 'completed')
  }
  catch (error) {
    // Never the error's message as it is: a driver's message carries the statement's parameters (the rows' personal data).
    console.error(`[imports] import ${view.id} failed:`, loggable(error))
    await finish(ctx, view.id, runId, 'failed', failureOf(error))
      .catch((failed: unknown) => console.error(`[imports] the failure of import ${view.id} could not be recorded:`, loggable(failed)))
  }
  finally {
    clearInterval(beat)
  }
}

/**
 * Writes a batch's rows in a savepoint. When the database refuses a value of the batch (a
 * data exception: a character it cannot store, a date or number out of its range), the
 * batch is written again row by row, each row in a savepoint of its own, so the rows it
 * can store land and each one it cannot is rejected with a plain reason. Any other error
 * (the database gone, a deadlock) fails the batch as a whole.
 */
async function writeBatch(tx: Transaction, writer: Writer, rows: Row[]): Promise<BatchResult> {
  const whole = new BatchResult()
  try {
    await tx.transaction(savepoint => writer(savepoint, rows, whole))
    return whole
  }
  catch (error) {
    if (!dataExceptionState(error)) throw error
  }
  const result = new BatchResult()
  for (const row of rows) {
    const one = new BatchResult()
    try {
      await tx.transaction(savepoint => writer(savepoint, [row], one))
      result.add(one)
    }
    catch (error) {
      const state = dataExceptionState(error)
      if (!state) throw error
      result.reject(row.line, [refusedValueReason(state)])
    }
  }
  return result
}

/** Why the database refused a row, in words (never the value itself: the report is read, and logged, elsewhere). */
function refusedValueReason(state: string): string {
  switch (state) {
    case '22021': case '22P05': return 'row: contains a character the database cannot store (a NUL byte)'
    case '22007': case '22008': return 'row: a date is outside the range the database can store'
    case '22003': return 'row: a number is outside the range the database can store'
    case '22001': return 'row: a value is longer than the database can store'
    default: return `row: the database cannot store a value of this row (SQLSTATE ${state})`
  }
}

/** The reason a run failed, as the import shows it: our own errors say what is wrong; a database error only what kind it is. */
function failureOf(error: unknown): string {
  const state = sqlState(error)
  if (state) return `The database stopped the import (SQLSTATE ${state}); the rows of the batches before it are saved. Resume the import to continue.`
  if (error instanceof Error && !error.cause && !error.message.includes('\n')) return error.message
  return 'The import stopped on an unexpected error; the rows of the batches before it are saved. Resume the import to continue.'
}

/** Records the batch: rejected lines, touched records, and the cursor with the counts. */
async function save(tx: Transaction, ctx: TenantContext, view: ImportView, result: BatchResult, consumed: number) {
  if (result.rejections.length) {
    await tx.insert(importErrors).values(result.rejections.map(r => ({ orgId: ctx.orgId, importId: view.id, ...r }))).onConflictDoNothing()
  }
  if (result.touched.length) {
    await tx.insert(importRecords).values(result.touched.map(t => ({ orgId: ctx.orgId, importId: view.id, ...t, previous: t.previous ?? null }))).onConflictDoNothing()
    // The background duplicate scan looks at what the batch created or changed.
    for (const [entity, kind] of [['contacts', 'contact'], ['companies', 'company']] as const) {
      await queueRescan(tx, ctx.orgId, kind, result.touched.filter(t => t.entity === entity).map(t => t.recordId))
    }
  }
  if (result.matches.length) {
    await tx.insert(importMatches).values(result.matches.map(m => ({ orgId: ctx.orgId, importId: view.id, ...m }))).onConflictDoNothing()
  }
  const c = result.counts
  await tx.update(imports).set({
    rowsDone: sql`${imports.rowsDone} + ${consumed}`,
    createdCount: sql`${imports.createdCount} + ${c.created}`,
    updatedCount: sql`${imports.updatedCount} + ${c.updated}`,
    skippedCount: sql`${imports.skippedCount} + ${c.skipped}`,
    rejectedCount: sql`${imports.rejectedCount} + ${c.rejected}`,
    heartbeatAt: sql`now()`,
  }).where(and(eq(imports.orgId, ctx.orgId), eq(imports.id, view.id)))
}

/** Ends a run: its final status and one audit entry for the whole run (not one per row). */
async function finish(ctx: TenantContext, id: string, runId: string, status: 'completed' | 'failed' | 'interrupted', failure?: string) {
  await withTenant(ctx, async (tx) => {
    const [done] = await tx.update(imports)
      .set({ status, failure: failure ?? null, heartbeatAt: null, finishedAt: status === 'interrupted' ? null : sql`now()` })
      .where(and(eq(imports.orgId, ctx.orgId), eq(imports.id, id), eq(imports.runId, runId), eq(imports.status, 'running')))
      .returning()
    if (!done || status === 'interrupted') return
    await recordAudit(tx, ctx, {
      action: 'import.run',
      entity: 'import',
      entityId: id,
      changes: {
        status, entity: done.entity, fileName: done.fileName, rows: done.rowsDone,
        created: done.createdCount, updated: done.updatedCount, skipped: done.skippedCount, rejected: done.rejectedCount,
        ...(failure ? { failure } : {}),
      },
    })
    const starter = done.createdBy ?? ctx.userId
    if (starter) {
      await notify(tx, ctx, [{
        userId: starter, kind: 'import_finished', recordType: 'import', recordId: id,
        data: { title: done.fileName, created: done.createdCount, rejected: done.rejectedCount },
      }], { includeSelf: true })
    }
    // A completed import needs its file no more (undo works from import_records).
    if (status === 'completed') await tx.delete(importChunks).where(and(eq(importChunks.orgId, ctx.orgId), eq(importChunks.importId, id)))
  })
}

type Row = { line: number, cells: Partial<Record<ImportField, string>> }
type Writer = (tx: Transaction, rows: Row[], result: BatchResult) => Promise<void>

async function writerFor(ctx: TenantContext, view: ImportView): Promise<Writer> {
  const mode = view.duplicateMode
  if (view.entity === 'contacts') return (tx, rows, result) => writeContacts(tx, ctx, mode, rows, result)
  if (view.entity === 'companies') return (tx, rows, result) => writeCompanies(tx, ctx, mode, rows, result)
  const setup = await withTenant(ctx, async (tx) => {
    const [pipeline] = await tx.select().from(pipelines).where(eq(pipelines.orgId, ctx.orgId)).orderBy(asc(pipelines.position), asc(pipelines.id)).limit(1)
    const [org] = await tx.select({ settings: organizations.settings }).from(organizations).where(eq(organizations.id, ctx.orgId))
    return { pipeline, currency: org?.settings.defaultCurrency ?? 'EUR' }
  })
  if (!setup.pipeline) throw new Error('The organization has no pipeline to put deals in')
  return (tx, rows, result) => writeDeals(tx, ctx, { pipeline: setup.pipeline!, currency: setup.currency }, rows, result)
}

const lower = (value: string) => value.toLowerCase()

/** Company ids by lower-cased name; names the organization does not have yet are created (and recorded for undo). */
async function companiesByName(tx: Transaction, ctx: TenantContext, names: string[], result: BatchResult): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  // The first spelling in the file names a new company.
  const spellings = new Map<string, string>()
  for (const name of names) if (!spellings.has(lower(name))) spellings.set(lower(name), name)
  const wanted = [...spellings.entries()]
  if (!wanted.length) return found
  const existing = await tx.select({ id: companies.id, name: companies.name }).from(companies)
    .where(and(eq(companies.orgId, ctx.orgId), inArray(sql`lower(${companies.name})`, wanted.map(([key]) => key))))
    .orderBy(asc(companies.createdAt), asc(companies.id))
  for (const row of existing) if (!found.has(lower(row.name))) found.set(lower(row.name), row.id)
  const missing = wanted.filter(([key]) => !found.has(key))
  if (missing.length) {
    const values = missing.map(([key, name]) => ({ orgId: ctx.orgId, id: uuidv7(), name, ...companyKeys({ name }), ownerId: ctx.userId, key }))
    await tx.insert(companies).values(values.map(({ key: _key, ...value }) => value))
    for (const value of values) {
      found.set(value.key, value.id)
      result.touched.push({ entity: 'companies', recordId: value.id, action: 'created' })
    }
  }
  return found
}

/** The fields with a value: in update mode, cells left blank keep what the record has. */
function filled<T extends object>(values: T, fields: readonly (keyof T & string)[]): Record<string, unknown> {
  const change: Record<string, unknown> = {}
  for (const field of fields) {
    const value = values[field]
    if (value !== null && value !== undefined && !(Array.isArray(value) && !value.length)) change[field] = value
  }
  return change
}

/**
 * Applies an update-mode row to its match: a record this batch creates takes the values
 * before it is inserted; a stored one is updated and its previous values kept for undo.
 */
async function updateMatch<S extends { id: string }>(
  tx: Transaction, ctx: TenantContext, table: typeof contacts | typeof companies, entity: 'contacts' | 'companies',
  match: { stored?: S, pending?: object }, change: Record<string, unknown>, result: BatchResult,
  keysOf: (record: S) => Record<string, string | null>,
): Promise<'updated' | 'skipped'> {
  if (match.pending) {
    Object.assign(match.pending, change)
    result.counts.updated++
    return 'updated'
  }
  const stored = match.stored!
  const changes = changesBetween(stored, change as Partial<S>)
  if (!changes) {
    result.counts.skipped++
    return 'skipped'
  }
  // The duplicate keys follow the fields they come from, and undo restores them with those.
  const keys = Object.entries(keysOf({ ...stored, ...change })).filter(([key, value]) => stored[key as keyof S] !== value)
  const set = { ...Object.fromEntries(Object.keys(changes).map(key => [key, change[key]])), ...Object.fromEntries(keys) }
  const previous = Object.fromEntries(Object.keys(set).map(key => [key, stored[key as keyof S]]))
  await tx.update(table).set(set)
    .where(and(eq(table.orgId, ctx.orgId), eq(table.id, stored.id)))
  Object.assign(stored, set)
  result.counts.updated++
  result.touched.push({ entity, recordId: stored.id, action: 'updated', previous })
  return 'updated'
}

/**
 * The records a batch's rows are compared with: the stored look-alikes and the rows before
 * in the file, found by equal duplicate keys (one index map per key) and scored by the
 * matcher of the create check (services/duplicates.ts).
 */
class Pool<K extends string, E extends { id: string }> {
  #byKey = new Map<string, { entry: E, order: number }[]>()
  #count = 0
  constructor(private readonly keyNames: readonly K[], private readonly keysOf: (entry: E) => Record<K, string | null>) {}
  add(entry: E) {
    const order = this.#count++
    const keys = this.keysOf(entry)
    for (const name of this.keyNames) {
      const value = keys[name]
      if (!value) continue
      const slot = `${name}:${value}`
      const list = this.#byKey.get(slot)
      if (list) list.push({ entry, order })
      else this.#byKey.set(slot, [{ entry, order }])
    }
  }

  /** The best look-alike of `keys` (the earliest one on a tie) and what matched. */
  best(keys: Record<K, string | null>, score: (entry: E) => { matched: DuplicateMatch[], score: number }) {
    let found: { entry: E, order: number, matched: DuplicateMatch[], score: number } | undefined
    for (const name of this.keyNames) {
      const value = keys[name]
      for (const candidate of value ? this.#byKey.get(`${name}:${value}`) ?? [] : []) {
        const evidence = score(candidate.entry)
        if (!evidence.matched.length) continue
        if (!found || evidence.score > found.score || (evidence.score === found.score && candidate.order < found.order)) found = { ...candidate, ...evidence }
      }
    }
    return found
  }
}

const CONTACT_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'position', 'companyId', 'tags'] as const
const CONTACT_KEYS = ['emailKey', 'phoneKey', 'nameKey'] as const
const COMPANY_KEYS = ['domainKey', 'nameKey'] as const

/** A row's match, acted on by the mode; a row without a match (or in create mode) is created. */
async function act<E extends { id: string }>(
  mode: string, row: { line: number }, found: { entry: E, matched: DuplicateMatch[] } | undefined, result: BatchResult,
  create: () => E, update: (entry: E) => Promise<'updated' | 'skipped'>,
) {
  if (!found || mode === 'create') {
    const entry = create()
    if (found) result.matches.push({ line: row.line, recordId: found.entry.id, rules: found.matched, action: 'created' })
    return entry
  }
  if (mode === 'skip') {
    result.counts.skipped++
    result.matches.push({ line: row.line, recordId: found.entry.id, rules: found.matched, action: 'skipped' })
    return undefined
  }
  result.matches.push({ line: row.line, recordId: found.entry.id, rules: found.matched, action: await update(found.entry) })
  return undefined
}

async function writeContacts(tx: Transaction, ctx: TenantContext, mode: string, rows: Row[], result: BatchResult) {
  const parsed = rows.map(row => ({ line: row.line, result: contactRow(row.cells) }))
  const valid = parsed.flatMap(p => (p.result.ok ? [{ line: p.line, ...p.result.value }] : []))
  for (const p of parsed) if (!p.result.ok) result.reject(p.line, p.result.reasons)
  const companyIds = await companiesByName(tx, ctx, valid.flatMap(v => (v.company ? [v.company] : [])), result)
  const prepared = valid.map((row) => {
    const values = { ...row.input, companyId: row.company ? companyIds.get(lower(row.company)) ?? null : null }
    return { line: row.line, values, keys: contactKeys(values) }
  })
  type Stored = typeof contacts.$inferSelect
  type Entry = { id: string, stored?: Stored, pending?: typeof contacts.$inferInsert & { id: string } }
  const current = (e: Entry) => (e.stored ?? contactKeys(e.pending!)) as Record<(typeof CONTACT_KEYS)[number], string | null>
  const pool = new Pool<(typeof CONTACT_KEYS)[number], Entry>(CONTACT_KEYS, current)
  // The same keys as the create check, in one statement along the three (org_id, key) indexes.
  const wanted = CONTACT_KEYS.map(key => [...new Set(prepared.flatMap(p => p.keys[key] ?? []))] as const)
  if (wanted.some(values => values.length)) {
    const existing = await tx.select().from(contacts)
      .where(and(eq(contacts.orgId, ctx.orgId), or(...CONTACT_KEYS.map((key, i) => (wanted[i]!.length ? inArray(contacts[key], [...wanted[i]!]) : undefined)))))
      .orderBy(asc(contacts.createdAt), asc(contacts.id))
    for (const row of existing) pool.add({ id: row.id, stored: row })
  }
  const inserts: (typeof contacts.$inferInsert)[] = []
  for (const row of prepared) {
    const found = pool.best(row.keys, entry => contactEvidence(row.keys, row.values.companyId, { ...current(entry), companyId: entry.stored?.companyId ?? entry.pending?.companyId }))
    const created = await act(mode, row, found, result, () => {
      const pending = { ...row.values, orgId: ctx.orgId, id: uuidv7(), ownerId: ctx.userId }
      inserts.push(pending)
      result.counts.created++
      result.touched.push({ entity: 'contacts', recordId: pending.id, action: 'created' })
      return { id: pending.id, pending }
    }, entry => updateMatch(tx, ctx, contacts, 'contacts', entry, filled(row.values, CONTACT_FIELDS), result, contact => contactKeys(contact)))
    if (created) pool.add(created)
  }
  if (inserts.length) await tx.insert(contacts).values(inserts.map(contact => ({ ...contact, ...contactKeys(contact) })))
}

const COMPANY_FIELDS = ['industry', 'website', 'phone', 'street', 'postalCode', 'city', 'country'] as const

async function writeCompanies(tx: Transaction, ctx: TenantContext, mode: string, rows: Row[], result: BatchResult) {
  const parsed = rows.map(row => ({ line: row.line, result: companyRow(row.cells) }))
  for (const p of parsed) if (!p.result.ok) result.reject(p.line, p.result.reasons)
  const prepared = parsed.flatMap((p) => {
    if (!p.result.ok) return []
    const { input } = p.result.value
    const values = {
      name: input.name, industry: input.industry, website: input.website, phone: input.phone,
      street: input.address?.street, postalCode: input.address?.postalCode, city: input.address?.city, country: input.address?.country,
    }
    return [{ line: p.line, values, keys: companyKeys(values) }]
  })
  type Stored = typeof companies.$inferSelect
  type Entry = { id: string, stored?: Stored, pending?: typeof companies.$inferInsert & { id: string } }
  const current = (e: Entry) => (e.stored ?? companyKeys(e.pending!)) as Record<(typeof COMPANY_KEYS)[number], string | null>
  const pool = new Pool<(typeof COMPANY_KEYS)[number], Entry>(COMPANY_KEYS, current)
  const wanted = COMPANY_KEYS.map(key => [...new Set(prepared.flatMap(p => p.keys[key] ?? []))] as const)
  if (wanted.some(values => values.length)) {
    const existing = await tx.select().from(companies)
      .where(and(eq(companies.orgId, ctx.orgId), or(...COMPANY_KEYS.map((key, i) => (wanted[i]!.length ? inArray(companies[key], [...wanted[i]!]) : undefined)))))
      .orderBy(asc(companies.createdAt), asc(companies.id))
    for (const row of existing) pool.add({ id: row.id, stored: row })
  }
  const inserts: (typeof companies.$inferInsert)[] = []
  for (const row of prepared) {
    const found = pool.best(row.keys, entry => companyEvidence(row.keys, current(entry)))
    const created = await act(mode, row, found, result, () => {
      const pending = { ...row.values, orgId: ctx.orgId, id: uuidv7(), ownerId: ctx.userId }
      inserts.push(pending)
      result.counts.created++
      result.touched.push({ entity: 'companies', recordId: pending.id, action: 'created' })
      return { id: pending.id, pending }
    }, entry => updateMatch(tx, ctx, companies, 'companies', entry, filled(row.values, COMPANY_FIELDS), result, company => companyKeys(company)))
    if (created) pool.add(created)
  }
  if (inserts.length) await tx.insert(companies).values(inserts.map(company => ({ ...company, ...companyKeys(company) })))
}

interface DealSetup { pipeline: typeof pipelines.$inferSelect, currency: string }

function stageFor(stages: PipelineStage[], name: string | null): PipelineStage | undefined {
  if (!name) return stages.find(stage => stage.kind === 'open')
  return stages.find(stage => lower(stage.name) === lower(name))
}

async function writeDeals(tx: Transaction, ctx: TenantContext, setup: DealSetup, rows: Row[], result: BatchResult) {
  const parsed = rows.map(row => ({ line: row.line, result: dealRow(row.cells) }))
  const stages = setup.pipeline.stages
  const emails = [...new Set(parsed.flatMap(p => (p.result.ok && p.result.value.contactEmail ? [p.result.value.contactEmail] : [])))]
  const contactIds = new Map<string, string>()
  if (emails.length) {
    const found = await tx.select({ id: contacts.id, email: contacts.email }).from(contacts)
      .where(and(eq(contacts.orgId, ctx.orgId), inArray(sql`lower(${contacts.email})`, emails)))
      .orderBy(asc(contacts.createdAt), asc(contacts.id))
    for (const row of found) if (row.email && !contactIds.has(lower(row.email))) contactIds.set(lower(row.email), row.id)
  }
  const valid = []
  for (const p of parsed) {
    if (!p.result.ok) {
      result.reject(p.line, p.result.reasons)
      continue
    }
    const reasons: string[] = []
    const stage = stageFor(stages, p.result.value.stageName)
    if (!stage) reasons.push(`stage: no stage "${p.result.value.stageName}" in pipeline "${setup.pipeline.name}"; stages: ${stages.map(s => s.name).join(', ')}`)
    const email = p.result.value.contactEmail
    if (email && !contactIds.has(email)) reasons.push(`contactEmail: no contact with the email ${email}`)
    if (reasons.length) result.reject(p.line, reasons)
    else valid.push({ ...p.result.value, stage: stage! })
  }
  const companyIds = await companiesByName(tx, ctx, valid.flatMap(v => (v.company ? [v.company] : [])), result)
  if (!valid.length) return
  const now = new Date()
  const inserts = valid.map(v => ({
    ...v.input,
    orgId: ctx.orgId,
    id: uuidv7(),
    currency: v.input.currency ?? setup.currency,
    pipelineId: setup.pipeline.id,
    stageId: v.stage.id,
    status: v.stage.kind,
    closedAt: v.stage.kind === 'open' ? null : now,
    contactId: v.contactEmail ? contactIds.get(v.contactEmail)! : null,
    companyId: v.company ? companyIds.get(lower(v.company)) ?? null : null,
    ownerId: ctx.userId,
  }))
  await tx.insert(deals).values(inserts)
  await tx.insert(dealStageHistory).values(inserts.map(deal => ({
    orgId: ctx.orgId, dealId: deal.id, pipelineId: deal.pipelineId, stageId: deal.stageId, fromStageId: null, enteredAt: now,
    actorId: ctx.apiKeyId ?? ctx.userId, actorType: ctx.actorType,
  })))
  for (const deal of inserts) result.touched.push({ entity: 'deals', recordId: deal.id, action: 'created' })
  result.counts.created += inserts.length
}
