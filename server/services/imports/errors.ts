import { Readable } from 'node:stream'
import { and, asc, eq, gt } from 'drizzle-orm'
import { stringify } from 'csv-stringify'
import { importErrors } from '../../../drizzle/schema'
import { safeCsvOptions } from '../../utils/csv-cells'
import { withTenant, type TenantContext } from '../../utils/tenant'
import { get } from './view'

const PAGE = 1000

/**
 * The rejected rows of an import as CSV (`line`, `reason`), in the file's own delimiter
 * and with a BOM so spreadsheet programs read it as UTF-8. Read a page at a time.
 */
export async function errorsCsv(ctx: TenantContext, id: string): Promise<{ fileName: string, stream: Readable }> {
  const current = await get(ctx, id)
  async function* rows() {
    let after = 0
    for (;;) {
      const page = await withTenant(ctx, tx => tx.select({ line: importErrors.line, reason: importErrors.reason }).from(importErrors)
        .where(and(eq(importErrors.orgId, ctx.orgId), eq(importErrors.importId, id), gt(importErrors.line, after)))
        .orderBy(asc(importErrors.line)).limit(PAGE))
      for (const row of page) yield row
      if (page.length < PAGE) return
      after = page.at(-1)!.line
    }
  }
  const delimiter = current.delimiter === '\t' ? ';' : current.delimiter
  const stream = Readable.from(rows()).pipe(stringify({ header: true, columns: ['line', 'reason'], delimiter, bom: true, ...safeCsvOptions }))
  return { fileName: `${current.fileName.replace(/\.[^.]*$/, '')}-errors.csv`, stream }
}
