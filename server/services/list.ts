import { createHash } from 'node:crypto'
import { and, asc, desc, eq, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core'
import { recordCounts } from '../../drizzle/schema'
import { encodeListCursor, type ListCursor, type ListQuery, type SortKey } from '../../shared/schemas'
import { validationError, type CursorListMeta, type ListMeta } from '../utils/api'
import type { Transaction } from '../utils/tenant'

/** One page of a list and the envelope's `meta`, ready for `ok(data, meta)`. */
export interface ListResult<T, M = ListMeta> { data: T[], meta: M }

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
 * A sort key that is not a column of the list's table (a stage's position in its
 * pipeline): the expression, its SQL type for cursor values, and whether it can be NULL.
 */
export interface SortExpression { sortExpression: SQL, type: 'integer', nullable: boolean }

/** What a sort field orders by: a column, or an expression over the list's row. */
export type SortSource = AnyPgColumn | SortExpression

const isExpression = (source: SortSource): source is SortExpression => 'sortExpression' in source
const sortTarget = (source: SortSource): AnyPgColumn | SQL => (isExpression(source) ? source.sortExpression : source)

/**
 * ORDER BY for a parsed `sort`, falling back to the list's default, always ending
 * with the id so pages are stable. The id follows the last key's direction, so an
 * index on (org_id, <field>, id) can be read in one direction.
 */
export function orderBy<F extends string>(
  sort: readonly SortKey<F>[] | undefined,
  fallback: readonly SortKey<F>[],
  columns: Record<F, SortSource>,
  id: AnyPgColumn,
): SQL[] {
  const keys = sort?.length ? sort : fallback
  const direction = keys.at(-1)?.direction ?? 'asc'
  return [
    ...keys.map(k => (k.direction === 'desc' ? desc(sortTarget(columns[k.field])) : asc(sortTarget(columns[k.field])))),
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

const PAGING = new Set(['page', 'limit', 'after', 'sort'])

/** True when a list query has no filter and no search: only paging and sorting. */
export function isUnfiltered(query: object): boolean {
  return Object.entries(query).every(([key, value]) => value === undefined || PAGING.has(key))
}

// Cursor (keyset) paging: `after` carries the sort key values and the id of the last row
// shown, and the next page is the rows that sort after them: it starts where the index
// says, however deep, instead of counting OFFSET rows from the start.

/** What a cursor-paged list reads: its table, sortable columns, default order and filter. */
export interface ListSource<F extends string> {
  resource: SearchableTable | 'duplicates'
  table: PgTable
  id: AnyPgColumn
  columns: Record<F, SortSource>
  defaultSort: readonly SortKey<F>[]
  where: SQL | undefined
}

/** The paging part of a cursor-paged list's query; its other fields are filters. */
export interface PagedQuery<F extends string> {
  page?: number
  limit: number
  after?: ListCursor
  sort?: readonly SortKey<F>[]
}

type KeyKind = 'instant' | 'date' | 'numeric' | 'enum' | 'text'

interface SortColumn { column: AnyPgColumn | SQL, desc: boolean, nullable: boolean, kind: KeyKind, type: string, enumValues?: readonly string[] }

interface PagePlan { sortKeys: readonly SortKey[], keys: SortColumn[], id: SortColumn, offset: number, seek?: SQL, sort: string, filters: string }

function kindOf(column: AnyPgColumn): KeyKind {
  const type = column.getSQLType()
  if (type.startsWith('timestamp')) return 'instant'
  if (type === 'date') return 'date'
  if (type.startsWith('numeric')) return 'numeric'
  return column.columnType === 'PgEnumColumn' ? 'enum' : 'text'
}

function sortColumn(source: SortSource, direction: 'asc' | 'desc'): SortColumn {
  // An integer expression keeps its cursor values like a numeric column's.
  if (isExpression(source)) return { column: source.sortExpression, desc: direction === 'desc', nullable: source.nullable, kind: 'numeric', type: 'numeric' }
  const column = source
  const kind = kindOf(column)
  // Plain numeric: a cast to numeric(14, 2) would round a cursor's value, or fail on a long one.
  return { column, desc: direction === 'desc', nullable: !column.notNull, kind, type: kind === 'numeric' ? 'numeric' : column.getSQLType(), enumValues: column.enumValues }
}

/** `YYYY-MM-DD` that names a real day (PostgreSQL would refuse the 31st of April with a 500). */
function isCalendarDate(year: string, month: string, day: string): boolean {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)))
  return date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day)
}

const INSTANT = /^(\d{4,5})-(\d\d)-(\d\d)T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?Z$/
const DATE = /^(\d{4})-(\d\d)-(\d\d)$/

/** Whether a cursor value can stand for a value of the column, so comparing with it cannot fail in SQL. */
function fitsColumn(key: SortColumn, value: string | null): boolean {
  if (value === null) return key.nullable
  switch (key.kind) {
    case 'instant': {
      const match = INSTANT.exec(value)
      return !!match && isCalendarDate(match[1]!, match[2]!, match[3]!)
    }
    case 'date': {
      const match = DATE.exec(value)
      return !!match && isCalendarDate(match[1]!, match[2]!, match[3]!)
    }
    case 'numeric': return /^-?\d{1,20}(\.\d{1,10})?$/.test(value)
    case 'enum': return (key.enumValues ?? []).includes(value)
    default: return true
  }
}

/** A key's value as the cursor keeps it: the text PostgreSQL gives, instants in UTC to the microsecond. */
function keyText(key: SortColumn): SQL<string | null> {
  return key.kind === 'instant'
    ? sql<string | null>`to_char(${key.column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
    : sql<string | null>`${key.column}::text`
}

const literal = (key: SortColumn, value: string) => sql`cast(${value} as ${sql.raw(key.type)})`

/**
 * The rows that sort after `values` in the order `orderBy()` writes: each key ascending or
 * descending, NULLs last ascending and first descending (PostgreSQL's defaults), so a NULL
 * sorts as the greatest value either way; the id, in the last key's direction, breaks ties.
 */
function seekAfter(keys: SortColumn[], values: (string | null)[]): SQL {
  const direction = keys[0]!.desc
  // A row comparison is an Index Cond on (org_id, key…, id). It is exact when every key
  // runs one way and no NULL can sort after the cursor: columns without NULLs, or
  // descending from a cursor without NULLs (the NULLs were shown first, and a row
  // comparison with a NULL is never true).
  const rowComparable = keys.every(k => k.desc === direction && (!k.nullable || (k.desc && values.every(v => v !== null))))
  if (rowComparable) {
    const columns = sql.join(keys.map(k => sql`${k.column}`), sql`, `)
    const bounds = sql.join(keys.map((k, i) => literal(k, values[i]!)), sql`, `)
    return sql`(${columns}) ${sql.raw(direction ? '<' : '>')} (${bounds})`
  }
  // Otherwise: after on the first key, or equal on it and after on the second, and so on.
  const terms: SQL[] = []
  const equal: SQL[] = []
  keys.forEach((key, i) => {
    const value = values[i]!
    const after = value === null
      ? (key.desc ? sql`${key.column} is not null` : undefined)
      : key.desc
        ? sql`${key.column} < ${literal(key, value)}`
        : key.nullable ? sql`(${key.column} > ${literal(key, value)} or ${key.column} is null)` : sql`${key.column} > ${literal(key, value)}`
    if (after) terms.push(and(...equal, after)!)
    equal.push(value === null ? sql`${key.column} is null` : sql`${key.column} = ${literal(key, value)}`)
  })
  return and(leadingBound(keys[0]!, values[0] ?? null), or(...terms))!
}

/** A redundant bound on the first key alone, so an index that leads with it can start at the cursor. */
function leadingBound(key: SortColumn, value: string | null): SQL | undefined {
  if (value === null) return key.desc ? undefined : sql`${key.column} is null`
  if (key.desc) return sql`${key.column} <= ${literal(key, value)}`
  return key.nullable ? undefined : sql`${key.column} >= ${literal(key, value)}`
}

/** A short digest of the filters and `q`: a cursor is only valid for the list it was made for. */
function filterDigest(query: object): string {
  const filters = Object.entries(query)
    .filter(([key, value]) => value !== undefined && !PAGING.has(key))
    .sort(([a], [b]) => (a < b ? -1 : 1))
  return createHash('sha256').update(JSON.stringify(filters)).digest('base64url').slice(0, 16)
}

const cursorError = (message: string) => validationError(`Invalid cursor: ${message}`, [{ path: 'after', message }])

/** The page a query asks for, its `after` checked against the list's sort and filters (400 if it does not fit). */
function planPage<F extends string>(query: PagedQuery<F> & object, source: ListSource<F>): PagePlan {
  const sortKeys = query.sort?.length ? query.sort : source.defaultSort
  const keys = sortKeys.map(k => sortColumn(source.columns[k.field], k.direction))
  const id = sortColumn(source.id, sortKeys.at(-1)?.direction ?? 'asc')
  const sort = sortKeys.map(k => `${k.direction === 'desc' ? '-' : ''}${k.field}`).join(',')
  const filters = filterDigest(query)
  const cursor = query.after
  if (!cursor) return { sortKeys, keys, id, offset: pageOffset({ page: query.page ?? 1, limit: query.limit }), sort, filters }
  if (query.page !== undefined) {
    throw validationError('Send either page or after, not both', [{ path: 'page', message: 'cannot be combined with after' }])
  }
  if (cursor.r !== source.resource) throw cursorError(`it belongs to another list than ${source.resource}`)
  if (cursor.s !== sort) throw cursorError(`it was made for sort=${cursor.s}, not sort=${sort}; send the sort it was made for, or start again without after`)
  if (cursor.f !== filters) throw cursorError('it was made for other filters or another q; send the same ones with it, or start again without after')
  if (cursor.k.length !== keys.length || !keys.every((key, i) => fitsColumn(key, cursor.k[i]!))) {
    throw cursorError('it is not a cursor of this API; pass a meta.nextCursor unchanged')
  }
  return { sortKeys, keys, id, offset: 0, sort, filters, seek: seekAfter([...keys, id], [...cursor.k, cursor.i]) }
}

/** The column a page's rows carry beside their fields: the sort key texts a cursor is made of. */
export interface CursorKeys { listCursorKeys: SQL<string> }

/**
 * A service's page read: its records whose id is in `page` (a subquery), with `keys`
 * selected beside their fields, in `order`. Kept a query (not run) so a test can explain it.
 */
export type ReadPage<T> = (page: SQLWrapper, keys: CursorKeys, order: SQL[]) => PromiseLike<(T & { listCursorKeys?: string })[]> & SQLWrapper

/**
 * One page's statement: the page's ids first, along the sort index alone (one row more
 * than the page, to know whether another follows); only those rows are then read in full.
 */
export function pageQueryOf<F extends string, T>(tx: Transaction, query: PagedQuery<F> & object, source: ListSource<F>, read: ReadPage<T>) {
  return pageStatement(tx, planPage(query, source), source, query.limit + 1, read)
}

function pageStatement<F extends string, T>(tx: Transaction, plan: PagePlan, source: ListSource<F>, limit: number, read: ReadPage<T>) {
  const order = orderBy(plan.sortKeys as readonly SortKey<F>[], source.defaultSort, source.columns, source.id)
  const ids = tx.select({ id: source.id }).from(source.table).where(and(source.where, plan.seek)).orderBy(...order).limit(limit).offset(plan.offset)
  // A JSON array in text: both drivers hand text over as it is (a text[] would not be parsed by both).
  const keys = sql<string>`json_build_array(${sql.join(plan.keys.map(keyText), sql`, `)})::text`
  return read(ids, { listCursorKeys: keys }, order)
}

/**
 * One page of a list by `page` or by `after`, with `meta.nextCursor` (see pageQueryOf).
 * Counting and reading run inside the caller's transaction.
 */
export async function cursorPageOf<F extends string, T>(
  tx: Transaction,
  query: PagedQuery<F> & object,
  source: ListSource<F>,
  countRows: () => Promise<{ total: number }[]>,
  read: ReadPage<T>,
): Promise<ListResult<T, CursorListMeta>> {
  const plan = planPage(query, source)
  const page = () => pageStatement(tx, plan, source, query.limit + 1, read)
  let total: number
  let rows: Awaited<ReturnType<typeof page>>
  if (plan.offset === 0) {
    // Page 1 and cursor pages: the count and the page go out together (pipelined on one connection).
    const [[counted], found] = await Promise.all([countRows(), page()])
    total = counted?.total ?? 0
    rows = found
  }
  else {
    // A page by number is read only when it lies before the end (OFFSET still walks to it).
    const [counted] = await countRows()
    total = counted?.total ?? 0
    rows = total > plan.offset ? await page() : []
  }
  const last = rows[query.limit - 1] as { id: string, listCursorKeys?: string } | undefined
  const nextCursor = rows.length > query.limit && last?.listCursorKeys
    ? encodeListCursor({ r: source.resource, s: plan.sort, f: plan.filters, k: JSON.parse(last.listCursorKeys) as (string | null)[], i: last.id })
    : null
  const data = rows.slice(0, query.limit).map(({ listCursorKeys: _, ...row }) => row as T)
  return { data, meta: { page: query.after ? null : (query.page ?? 1), limit: query.limit, total, nextCursor } }
}
