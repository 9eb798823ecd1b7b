import { Readable } from 'node:stream'
import { and, asc, eq, gt } from 'drizzle-orm'
import { stringify } from 'csv-stringify'
import { importErrors, importMatches } from '../../../drizzle/schema'
import { safeCsvOptions } from '../../utils/csv-cells'
import { withTenant, type TenantContext, type Transaction } from '../../utils/tenant'
import { get } from './view'

const PAGE = 1000

/**
 * One of an import's row reports as CSV, in the file's own delimiter and with a BOM so
 * spreadsheet programs read it as UTF-8; read a page of rows after a line at a time.
 */
async function reportCsv<R extends { line: number }>(
  ctx: TenantContext, id: string, report: string, columns: string[],
  readPage: (tx: Transaction, after: number, limit: number) => Promise<R[]>,
): Promise<{ fileName: string, stream: Readable }> {
  const current = await get(ctx, id)
  async function* rows() {
    let after = 0
    for (;;) {
      const page = await withTenant(ctx, tx => readPage(tx, after, PAGE))
      for (const row of page) yield row
      if (page.length < PAGE) return
      after = page.at(-1)!.line
    }
  }
  const delimiter = current.delimiter === '\t' ? ';' : current.delimiter
  const stream = Readable.from(rows()).pipe(stringify({ header: true, columns, delimiter, bom: true, ...safeCsvOptions }))
  return { fileName: `${current.fileName.replace(/\.[^.]*$/, '')}-${report}.csv`, stream }
}

/** The rejected rows of an import as CSV (`line`, `reason`). */
export function errorsCsv(ctx: TenantContext, id: string): Promise<{ fileName: string, stream: Readable }> {
  return reportCsv(ctx, id, 'errors', ['line', 'reason'], (tx, after, limit) => tx.select({ line: importErrors.line, reason: importErrors.reason })
    .from(importErrors)
    .where(and(eq(importErrors.orgId, ctx.orgId), eq(importErrors.importId, id), gt(importErrors.line, after)))
    .orderBy(asc(importErrors.line)).limit(limit))
}

/**
 * The rows that matched a record the organization had (or an earlier row of the file) as
 * CSV (`line`, `rules`, `action`, `recordId`): which rules of the duplicate matcher matched
 * (`email`, `phone`, `name`, `domain`, joined by `+`) and whether the row was skipped,
 * updated the match or was created anyway.
 */
export function matchesCsv(ctx: TenantContext, id: string): Promise<{ fileName: string, stream: Readable }> {
  return reportCsv(ctx, id, 'matches', ['line', 'rules', 'action', 'recordId'], async (tx, after, limit) => {
    const page = await tx.select({ line: importMatches.line, rules: importMatches.rules, action: importMatches.action, recordId: importMatches.recordId })
      .from(importMatches)
      .where(and(eq(importMatches.orgId, ctx.orgId), eq(importMatches.importId, id), gt(importMatches.line, after)))
      .orderBy(asc(importMatches.line)).limit(limit)
    return page.map(row => ({ ...row, rules: row.rules.join('+') }))
  })
}
