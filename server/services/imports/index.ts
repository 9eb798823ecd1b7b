import { and, count, desc, eq, inArray, sql } from 'drizzle-orm'
import { importChunks, imports } from '../../../drizzle/schema'
import {
  guessMapping, IMPORT_FIELDS, IMPORT_MAX_BYTES, IMPORT_REQUIRED_FIELDS,
  type ImportEntity, type ImportField, type ImportListQuery, type ImportMappingInput, type ImportStatus, type ImportUploadQuery,
} from '../../../shared/schemas'
import type { ImportPreviewRow } from '../../../shared/schemas/responses'
import { ApiError, conflict, validationError, type ErrorDetail } from '../../utils/api'
import { recordAudit } from '../../utils/audit'
import { withTenant, type TenantContext } from '../../utils/tenant'
import { pageOf, type ListResult } from '../list'
import { CHUNK_BYTES, detectDelimiter, EncodingSniffer, recordsOf, type StoredFile } from './file'
import { cellsOf, checkRow, isBlank } from './rows'
import { startRun } from './runner'
import { findImport, get, viewColumns, type ImportView } from './view'

export { errorsCsv, matchesCsv } from './errors'
export { undo } from './undo'
export { markInterruptedImports, stopRunningImports } from './runner'
export { get } from './view'
export type { ImportView } from './view'

/** The organization's imports, newest first. */
export async function list(ctx: TenantContext, query: ImportListQuery): Promise<ListResult<ImportView>> {
  return withTenant(ctx, tx => pageOf(
    query,
    () => tx.select({ total: count() }).from(imports).where(eq(imports.orgId, ctx.orgId)),
    (limit, offset) => tx.select(viewColumns).from(imports).where(eq(imports.orgId, ctx.orgId))
      .orderBy(desc(imports.createdAt), desc(imports.id)).limit(limit).offset(offset),
  ))
}

function fileOf(orgId: string, row: Pick<ImportView, 'id' | 'encoding' | 'delimiter'>): StoredFile {
  return { orgId, importId: row.id, encoding: row.encoding, delimiter: row.delimiter }
}

/**
 * Stores an uploaded CSV (the request body, read as it arrives) in 1 MiB pieces, detects
 * its encoding and delimiter, counts its rows and guesses the mapping from the headers.
 * A file that is empty, too large or not CSV is refused with nothing kept.
 */
export async function upload(ctx: TenantContext, query: ImportUploadQuery, body: AsyncIterable<Uint8Array>): Promise<ImportView> {
  const [created] = await withTenant(ctx, tx => tx.insert(imports)
    .values({ orgId: ctx.orgId, entity: query.entity, fileName: query.fileName, createdBy: ctx.userId })
    .returning({ id: imports.id }))
  const id = created!.id
  try {
    const stored = await storeChunks(ctx, id, body)
    const delimiter = detectDelimiter(new TextDecoder(stored.encoding).decode(stored.head))
    const file: StoredFile = { orgId: ctx.orgId, importId: id, encoding: stored.encoding, delimiter }
    const { headers, rows } = await countRows(file)
    if (!headers.some(Boolean)) throw validationError('The file has no header row', [{ path: 'body', message: 'the first line must name the columns' }])
    return await withTenant(ctx, async (tx) => {
      await tx.update(imports).set({
        sizeBytes: stored.size, encoding: stored.encoding, delimiter, headers, totalRows: rows,
        mapping: guessMapping(query.entity, headers),
      }).where(and(eq(imports.orgId, ctx.orgId), eq(imports.id, id)))
      return findImport(tx, ctx.orgId, id)
    })
  }
  catch (error) {
    await withTenant(ctx, tx => tx.delete(imports).where(and(eq(imports.orgId, ctx.orgId), eq(imports.id, id))))
    throw error
  }
}

const HEAD_BYTES = 64 * 1024

async function storeChunks(ctx: TenantContext, importId: string, body: AsyncIterable<Uint8Array>) {
  const sniffer = new EncodingSniffer()
  let pending: Buffer[] = []
  let pendingBytes = 0
  let size = 0
  let seq = 0
  let head = new Uint8Array(0)
  const flush = async (data: Buffer) => {
    const current = seq++
    await withTenant(ctx, tx => tx.insert(importChunks).values({ orgId: ctx.orgId, importId, seq: current, data }))
  }
  for await (const piece of body) {
    size += piece.length
    if (size > IMPORT_MAX_BYTES) throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `The file exceeds ${IMPORT_MAX_BYTES} bytes`)
    sniffer.push(piece)
    if (head.length < HEAD_BYTES) head = Buffer.concat([head, piece.subarray(0, HEAD_BYTES - head.length)])
    pending.push(Buffer.from(piece))
    pendingBytes += piece.length
    while (pendingBytes >= CHUNK_BYTES) {
      const all = Buffer.concat(pending)
      await flush(all.subarray(0, CHUNK_BYTES))
      pending = [all.subarray(CHUNK_BYTES)]
      pendingBytes = all.length - CHUNK_BYTES
    }
  }
  if (pendingBytes) await flush(Buffer.concat(pending))
  if (!size) throw validationError('The file is empty', [{ path: 'body', message: 'send the CSV file as the request body' }])
  return { size, head, encoding: sniffer.result() }
}

/** The header and the number of records after it, in one streamed pass. */
async function countRows(file: StoredFile): Promise<{ headers: string[], rows: number }> {
  let headers: string[] | null = null
  let rows = 0
  try {
    for await (const record of recordsOf(file)) {
      if (headers) rows++
      else headers = record.fields.map(field => field.trim()).slice(0, 500)
    }
  }
  catch (error) {
    throw validationError('The file is not valid CSV', [{ path: 'body', message: error instanceof Error ? error.message : String(error) }])
  }
  return { headers: headers ?? [], rows }
}

/** The mapping's problems: unknown columns or fields, a field twice, a required field missing. */
function mappingProblems(entity: ImportEntity, headers: readonly string[], mapping: Record<string, string>): ErrorDetail[] {
  const allowed = new Set<string>(IMPORT_FIELDS[entity])
  const details: ErrorDetail[] = []
  const seen = new Set<string>()
  for (const [column, field] of Object.entries(mapping)) {
    if (Number(column) >= headers.length) details.push({ path: `mapping.${column}`, message: `the file has ${headers.length} columns` })
    if (!allowed.has(field)) details.push({ path: `mapping.${column}`, message: `is not a field of ${entity}; allowed: ${[...allowed].join(', ')}` })
    if (seen.has(field)) details.push({ path: `mapping.${column}`, message: `field "${field}" is mapped twice` })
    seen.add(field)
  }
  for (const field of IMPORT_REQUIRED_FIELDS[entity]) {
    if (!seen.has(field)) details.push({ path: 'mapping', message: `a column must be mapped to "${field}"` })
  }
  return details
}

/** Sets the mapping and the duplicate mode of an import that has not run yet. */
export async function setMapping(ctx: TenantContext, id: string, input: ImportMappingInput): Promise<ImportView> {
  return withTenant(ctx, async (tx) => {
    const current = await findImport(tx, ctx.orgId, id)
    if (current.status !== 'uploaded' && current.status !== 'mapped') throw conflict(`The import is ${current.status}; its mapping can no longer change`)
    const problems = mappingProblems(current.entity, current.headers, input.mapping)
    if (problems.length) throw validationError('Invalid mapping', problems)
    await tx.update(imports).set({ mapping: input.mapping, duplicateMode: input.duplicateMode, status: 'mapped' })
      .where(and(eq(imports.orgId, ctx.orgId), eq(imports.id, id)))
    return findImport(tx, ctx.orgId, id)
  })
}

export const PREVIEW_ROWS = 20

/** The first rows as the current mapping reads them, each checked by the shared validators. */
export async function preview(ctx: TenantContext, id: string): Promise<{ rows: ImportPreviewRow[] }> {
  const current = await get(ctx, id)
  const mapping = current.mapping as Record<string, ImportField>
  const rows: ImportPreviewRow[] = []
  let header = true
  for await (const record of recordsOf(fileOf(ctx.orgId, current))) {
    if (header) {
      header = false
      continue
    }
    if (isBlank(record.fields)) continue
    const cells = cellsOf(record.fields, mapping)
    const result = checkRow(current.entity, cells)
    rows.push({ line: record.line, cells, valid: result.ok, reasons: result.ok ? [] : result.reasons })
    if (rows.length >= PREVIEW_ROWS) break
  }
  return { rows }
}

/** Why an import stopped when a data erasure removed its uploaded file. */
export const IMPORT_FILE_ERASED = 'The uploaded file was removed by a data erasure (Art. 17 DSGVO); upload it again to import the rest'

const STARTABLE: Record<'run' | 'resume', ImportStatus[]> = {
  run: ['uploaded', 'mapped'],
  resume: ['interrupted', 'failed', 'cancelled'],
}

/**
 * Starts (or resumes) an import in the background and answers at once; progress is read
 * with `get`. Only one run holds an import: the status changes atomically.
 */
export async function start(ctx: TenantContext, id: string, mode: 'run' | 'resume'): Promise<ImportView> {
  const started = await withTenant(ctx, async (tx) => {
    const current = await findImport(tx, ctx.orgId, id)
    if (!STARTABLE[mode].includes(current.status)) {
      throw conflict(mode === 'run' ? `The import is ${current.status}; only an uploaded or mapped import can run` : `The import is ${current.status}; only an interrupted, failed or cancelled import can resume`)
    }
    const problems = mappingProblems(current.entity, current.headers, current.mapping)
    if (problems.length) throw validationError('Invalid mapping', problems)
    const [file] = await tx.select({ seq: importChunks.seq }).from(importChunks)
      .where(and(eq(importChunks.orgId, ctx.orgId), eq(importChunks.importId, id))).limit(1)
    if (!file && current.sizeBytes > 0) throw conflict('The uploaded file is no longer stored; upload it again')
    const runId = crypto.randomUUID()
    const [claimed] = await tx.update(imports)
      .set({ status: 'running', runId, heartbeatAt: sql`now()`, startedAt: sql`coalesce(${imports.startedAt}, now())`, failure: null, finishedAt: null })
      .where(and(eq(imports.orgId, ctx.orgId), eq(imports.id, id), inArray(imports.status, STARTABLE[mode])))
      .returning({ id: imports.id })
    if (!claimed) throw conflict('The import was started by another request')
    return { view: await findImport(tx, ctx.orgId, id), runId }
  })
  startRun(ctx, started.view, started.runId)
  return started.view
}

/** Stops an import that has not finished; rows of committed batches stay (undo removes them, resume continues). */
export async function cancel(ctx: TenantContext, id: string): Promise<ImportView> {
  return withTenant(ctx, async (tx) => {
    const current = await findImport(tx, ctx.orgId, id)
    const cancellable: ImportStatus[] = ['uploaded', 'mapped', 'running', 'interrupted', 'failed']
    if (!cancellable.includes(current.status)) throw conflict(`The import is ${current.status} and cannot be cancelled`)
    await tx.update(imports).set({ status: 'cancelled', finishedAt: sql`now()`, runId: null, heartbeatAt: null })
      .where(and(eq(imports.orgId, ctx.orgId), eq(imports.id, id)))
    await recordAudit(tx, ctx, { action: 'import.cancel', entity: 'import', entityId: id, changes: { rowsDone: current.rowsDone } })
    return findImport(tx, ctx.orgId, id)
  })
}
