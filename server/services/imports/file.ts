import { Readable } from 'node:stream'
import { and, asc, eq, gt } from 'drizzle-orm'
import { parse } from 'csv-parse'
import { importChunks } from '../../../drizzle/schema'
import { withTenant, type TenantContext } from '../../utils/tenant'

/** The upload is stored in pieces of this size: the DB holds the file, several app instances can read it. */
export const CHUNK_BYTES = 1024 * 1024

export type FileEncoding = 'utf-8' | 'windows-1252'
export interface StoredFile { orgId: string, importId: string, encoding: FileEncoding, delimiter: string }

/** One CSV record and the line of the file it starts on (1-based, as an editor counts). */
export interface CsvRecord { fields: string[], line: number }

/** The stored chunks of an import, one query each: at most one chunk is in memory at a time. */
async function* chunksOf(ctx: Pick<TenantContext, 'orgId'>, importId: string): AsyncGenerator<Uint8Array> {
  let seq = -1
  for (;;) {
    const [row] = await withTenant(ctx, tx => tx.select({ seq: importChunks.seq, data: importChunks.data }).from(importChunks)
      .where(and(eq(importChunks.orgId, ctx.orgId), eq(importChunks.importId, importId), gt(importChunks.seq, seq)))
      .orderBy(asc(importChunks.seq)).limit(1))
    if (!row) return
    seq = row.seq
    yield row.data
  }
}

/**
 * The stored file as text, decoded chunk by chunk (a character split across chunks is
 * kept whole), with Windows line ends as `\n`: line breaks inside quoted fields are then
 * stored alike and counted once.
 */
async function* textOf(file: StoredFile): AsyncGenerator<string> {
  const decoder = new TextDecoder(file.encoding)
  let carry = ''
  for await (const chunk of chunksOf(file, file.importId)) {
    let text = carry + decoder.decode(chunk, { stream: true })
    // A \r at the end may be the first half of a \r\n split across chunks.
    carry = text.endsWith('\r') ? '\r' : ''
    if (carry) text = text.slice(0, -1)
    yield* slices(text.replace(/\r\n/g, '\n'))
  }
  yield* slices((carry + decoder.decode()).replace(/\r\n/g, '\n'))
}

/**
 * Text in pieces of about 64 K characters: csv-parse parses a piece at once, so a piece
 * bounds the rows it holds. A piece never ends inside a surrogate pair (an emoji).
 */
function* slices(text: string): Generator<string> {
  for (let at = 0; at < text.length;) {
    let end = Math.min(at + 65_536, text.length)
    const last = text.charCodeAt(end - 1)
    if (end < text.length && last >= 0xD800 && last <= 0xDBFF) end++
    yield text.slice(at, end)
    at = end
  }
}

/**
 * The file's records, streamed: csv-parse reads the text as it comes, so memory holds one
 * chunk and one batch, whatever the file's size. Empty lines are skipped; rows may have
 * fewer or more fields than the header (the mapping decides what is read).
 */
export async function* recordsOf(file: StoredFile): AsyncGenerator<CsvRecord> {
  const parser = Readable.from(textOf(file)).pipe(parse({
    delimiter: file.delimiter,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
  }))
  for await (const { record, info } of parser as AsyncIterable<{ record: string[], info: { lines: number } }>) {
    // info.lines is where the record ends; quoted line breaks inside it moved it down.
    const breaks = record.reduce((sum, field) => sum + (field.match(/\n/g)?.length ?? 0), 0)
    yield { fields: record, line: info.lines - breaks }
  }
}

/** UTF-8 unless some byte sequence is not valid UTF-8: then Windows-1252 (what German Excel writes). */
export class EncodingSniffer {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true })
  private valid = true

  push(chunk: Uint8Array): void {
    if (!this.valid) return
    try {
      this.decoder.decode(chunk, { stream: true })
    }
    catch {
      this.valid = false
    }
  }

  result(): FileEncoding {
    if (this.valid) {
      try {
        this.decoder.decode()
      }
      catch {
        this.valid = false
      }
    }
    return this.valid ? 'utf-8' : 'windows-1252'
  }
}

const DELIMITERS = [';', ',', '\t', '|'] as const

/**
 * The delimiter of the header line: the candidate that occurs most often outside quotes
 * (German Excel writes `;`, most other tools `,`; tab for TSV).
 */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map(d => [d, 0]))
  let quoted = false
  for (const char of text.replace(/^\uFEFF/, '')) {
    if (char === '"') quoted = !quoted
    else if (!quoted && (char === '\n' || char === '\r')) break
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1)
  }
  let best = ','
  let most = 0
  for (const [delimiter, count] of counts) {
    if (count > most) {
      best = delimiter
      most = count
    }
  }
  return best
}
