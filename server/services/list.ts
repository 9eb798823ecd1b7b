import { and, asc, desc, eq, or, sql, type SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import { recordCounts } from '../../drizzle/schema'
import type { ListQuery, SortKey } from '../../shared/schemas'
import type { ListMeta } from '../utils/api'
import type { Transaction } from '../utils/tenant'

/** One page of a list and the envelope's `meta`, ready for `ok(data, meta)`. */
export interface ListResult<T> { data: T[], meta: ListMeta }

/** Makes `%`, `_` and `\` in user input match literally inside a LIKE pattern. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, char => `\\${char}`)
}

/**
 * Text search for `q`: every whitespace-separated term must occur (case-insensitively)
 * in at least one of the columns, so "erika muster" finds first name + last name.
 */
export function textSearch(q: string | undefined, columns: readonly AnyPgColumn[]): SQL | undefined {
  const terms = [...new Set((q ?? '').split(/\s+/).filter(Boolean))]
  if (!terms.length) return undefined
  return and(...terms.map((term) => {
    const pattern = `%${escapeLike(term)}%`
    return or(...columns.map(column => sql`${column} ilike ${pattern} escape '\\'`))
  }))
}

export type SearchableTable = 'contacts' | 'companies' | 'deals' | 'activities'

/**
 * The same text search for the CRM lists, answered along trigram indexes: ids come from
 * `list_match_ids` (migration 0014), which may use those indexes despite row-level
 * security and confines itself to the transaction's tenant. Each table searches one
 * expression (contacts: name, email, phone; companies: name, city, website; deals:
 * title; activities: subject); a term never spans two of its fields, so "every term
 * occurs in one of the fields" holds as before.
 */
export function listTextSearch(table: SearchableTable, q: string | undefined, id: AnyPgColumn): SQL | undefined {
  const terms = [...new Set((q ?? '').split(/\s+/).filter(Boolean))]
  if (!terms.length) return undefined
  const patterns = terms.map(term => `%${escapeLike(term)}%`)
  // The longest term has the most trigrams, so it narrows the index scan the most.
  const anchor = patterns.reduce((best, p) => (p.length > best.length ? p : best))
  const array = sql`array[${sql.join(patterns.map(p => sql`${p}`), sql`, `)}]::text[]`
  return sql`${id} = any(array(select list_match_ids(${table}, ${anchor}, ${array})))`
}

/**
 * ORDER BY for a parsed `sort`, falling back to the list's default, always ending
 * with the id so pages are stable. The id follows the last key's direction, so an
 * index on (org_id, <field>, id) can be read in one direction.
 */
export function orderBy<F extends string>(
  sort: readonly SortKey<F>[] | undefined,
  fallback: readonly SortKey<F>[],
  columns: Record<F, AnyPgColumn>,
  id: AnyPgColumn,
): SQL[] {
  const keys = sort?.length ? sort : fallback
  const direction = keys.at(-1)?.direction ?? 'asc'
  return [
    ...keys.map(k => (k.direction === 'desc' ? desc(columns[k.field]) : asc(columns[k.field]))),
    direction === 'desc' ? desc(id) : asc(id),
  ]
}

export function pageOffset(query: Pick<ListQuery, 'page' | 'limit'>): number {
  return (query.page - 1) * query.limit
}

/**
 * Counts and reads one page inside the caller's transaction; the page query is
 * skipped when the requested page lies beyond the last row.
 */
export async function pageOf<T>(
  query: Pick<ListQuery, 'page' | 'limit'>,
  countRows: () => Promise<{ total: number }[]>,
  readPage: (limit: number, offset: number) => Promise<T[]>,
): Promise<ListResult<T>> {
  const [counted] = await countRows()
  const total = counted?.total ?? 0
  const offset = pageOffset(query)
  const data = total > offset ? await readPage(query.limit, offset) : []
  return { data, meta: { page: query.page, limit: query.limit, total } }
}

/**
 * The number of the tenant's rows in `table` (contacts, companies, deals, activities),
 * from the trigger-kept `record_counts`: the total of an unfiltered list in one row read.
 */
export async function recordCount(tx: Transaction, orgId: string, table: string): Promise<{ total: number }[]> {
  const [row] = await tx.select({ total: recordCounts.count }).from(recordCounts)
    .where(and(eq(recordCounts.orgId, orgId), eq(recordCounts.entity, table)))
  return [{ total: row?.total ?? 0 }]
}

/** True when a list query has no filter and no search: only paging and sorting. */
export function isUnfiltered(query: object): boolean {
  return Object.entries(query).every(([key, value]) => value === undefined || key === 'page' || key === 'limit' || key === 'sort')
}
