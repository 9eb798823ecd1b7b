import { once } from 'node:events'
import type { Readable } from 'node:stream'
import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import { stringify } from 'csv-stringify'
import { activities, companies, contacts, deals, pipelines, users } from '../../drizzle/schema'
import de from '../../locales/de.json'
import en from '../../locales/en.json'
import type {
  ActivityListQuery, CompanyListQuery, ContactListQuery, DealListQuery, ExportEntity, ExportOptions,
} from '../../shared/schemas'
import { resultRows } from '../database/client'
import { safeCsvOptions } from '../utils/csv-cells'
import { loggable } from '../utils/error-envelope'
import { useDatabaseHandle } from '../utils/db'
import { withTenant, type Transaction, type TenantContext } from '../utils/tenant'
import * as activityService from './activities'
import * as companyService from './companies'
import * as contactService from './contacts'
import * as dealService from './deals'
import { orderBy } from './list'

/** Rows fetched from the cursor at a time: memory holds one such page, whatever the list's size. */
const FETCH_ROWS = 500

type Kind = 'text' | 'money' | 'instant' | 'date'
interface Column { key: string, value: SQL | AnyPgColumn, kind?: Kind }

const text = (value: SQL | AnyPgColumn): SQL => sql`${value}::text`
const instant = (value: AnyPgColumn): SQL => sql`to_char(${value} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`
const fullName = (first: AnyPgColumn, last: AnyPgColumn): SQL => sql`nullif(trim(coalesce(${first}, '') || ' ' || coalesce(${last}, '')), '')`

/** The selected columns, each aliased to its key and cast to text: both drivers hand over the same strings. */
function columns(list: Column[]) {
  return Object.fromEntries(list.map(c => [c.key, sql<string | null>`${c.kind === 'instant' ? instant(c.value as AnyPgColumn) : text(c.value)}`.as(c.key)]))
}

interface Plan { columns: Column[], query: (tx: Transaction, orgId: string, selection: ReturnType<typeof columns>) => SQL | { getSQL: () => SQL } }

function contactPlan(q: ContactListQuery): Plan {
  return {
    columns: [
      { key: 'id', value: contacts.id }, { key: 'firstName', value: contacts.firstName }, { key: 'lastName', value: contacts.lastName },
      { key: 'email', value: contacts.email }, { key: 'phone', value: contacts.phone }, { key: 'position', value: contacts.position },
      { key: 'company', value: companies.name }, { key: 'owner', value: users.name },
      { key: 'tags', value: sql`array_to_string(${contacts.tags}, ', ')` },
      { key: 'createdAt', value: contacts.createdAt, kind: 'instant' }, { key: 'updatedAt', value: contacts.updatedAt, kind: 'instant' },
    ],
    query: (tx, orgId, selection) => tx.select(selection).from(contacts)
      .leftJoin(companies, and(eq(companies.orgId, orgId), eq(companies.id, contacts.companyId)))
      .leftJoin(users, and(eq(users.orgId, orgId), eq(users.id, contacts.ownerId)))
      .where(contactService.listFilter(orgId, q))
      .orderBy(...orderBy(q.sort, contactService.defaultSort, contactService.sortColumns, contacts.id)),
  }
}

function companyPlan(q: CompanyListQuery): Plan {
  return {
    columns: [
      { key: 'id', value: companies.id }, { key: 'name', value: companies.name }, { key: 'industry', value: companies.industry },
      { key: 'website', value: companies.website }, { key: 'phone', value: companies.phone }, { key: 'street', value: companies.street },
      { key: 'postalCode', value: companies.postalCode }, { key: 'city', value: companies.city }, { key: 'country', value: companies.country },
      { key: 'owner', value: users.name },
      { key: 'createdAt', value: companies.createdAt, kind: 'instant' }, { key: 'updatedAt', value: companies.updatedAt, kind: 'instant' },
    ],
    query: (tx, orgId, selection) => tx.select(selection).from(companies)
      .leftJoin(users, and(eq(users.orgId, orgId), eq(users.id, companies.ownerId)))
      .where(companyService.listFilter(orgId, q))
      .orderBy(...orderBy(q.sort, companyService.defaultSort, companyService.sortColumns, companies.id)),
  }
}

function dealPlan(q: DealListQuery): Plan {
  const stage = sql`(select s.stage->>'name' from jsonb_array_elements(${pipelines.stages}) as s(stage) where s.stage->>'id' = ${deals.stageId}::text limit 1)`
  return {
    columns: [
      { key: 'id', value: deals.id }, { key: 'title', value: deals.title }, { key: 'value', value: deals.value, kind: 'money' },
      { key: 'currency', value: deals.currency }, { key: 'status', value: deals.status },
      { key: 'pipeline', value: pipelines.name }, { key: 'stage', value: stage },
      { key: 'contact', value: fullName(contacts.firstName, contacts.lastName) }, { key: 'contactEmail', value: contacts.email },
      { key: 'company', value: companies.name }, { key: 'owner', value: users.name },
      { key: 'expectedCloseDate', value: deals.expectedCloseDate }, { key: 'closedAt', value: deals.closedAt, kind: 'instant' },
      { key: 'createdAt', value: deals.createdAt, kind: 'instant' }, { key: 'updatedAt', value: deals.updatedAt, kind: 'instant' },
    ],
    query: (tx, orgId, selection) => tx.select(selection).from(deals)
      .leftJoin(pipelines, and(eq(pipelines.orgId, orgId), eq(pipelines.id, deals.pipelineId)))
      .leftJoin(contacts, and(eq(contacts.orgId, orgId), eq(contacts.id, deals.contactId)))
      .leftJoin(companies, and(eq(companies.orgId, orgId), eq(companies.id, deals.companyId)))
      .leftJoin(users, and(eq(users.orgId, orgId), eq(users.id, deals.ownerId)))
      .where(dealService.listFilter(orgId, q))
      .orderBy(...orderBy(q.sort, dealService.defaultSort, dealService.sortColumns, deals.id)),
  }
}

function activityPlan(q: ActivityListQuery): Plan {
  return {
    columns: [
      { key: 'id', value: activities.id }, { key: 'type', value: activities.type }, { key: 'subject', value: activities.subject },
      { key: 'note', value: activities.note },
      { key: 'dueAt', value: activities.dueAt, kind: 'instant' }, { key: 'completedAt', value: activities.completedAt, kind: 'instant' },
      { key: 'contact', value: fullName(contacts.firstName, contacts.lastName) }, { key: 'company', value: companies.name },
      { key: 'deal', value: deals.title }, { key: 'owner', value: users.name },
      { key: 'createdAt', value: activities.createdAt, kind: 'instant' }, { key: 'updatedAt', value: activities.updatedAt, kind: 'instant' },
    ],
    query: (tx, orgId, selection) => tx.select(selection).from(activities)
      .leftJoin(contacts, and(eq(contacts.orgId, orgId), eq(contacts.id, activities.contactId)))
      .leftJoin(companies, and(eq(companies.orgId, orgId), eq(companies.id, activities.companyId)))
      .leftJoin(deals, and(eq(deals.orgId, orgId), eq(deals.id, activities.dealId)))
      .leftJoin(users, and(eq(users.orgId, orgId), eq(users.id, activities.ownerId)))
      .where(activityService.listFilter(orgId, q))
      .orderBy(...orderBy(q.sort, activityService.defaultSort, activityService.sortColumns, activities.id)),
  }
}

type ExportQuery<E extends ExportEntity> = ExportOptions & Omit<
  { contacts: ContactListQuery, companies: CompanyListQuery, deals: DealListQuery, activities: ActivityListQuery }[E], 'page' | 'limit'>

function planOf<E extends ExportEntity>(entity: E, query: ExportQuery<E>): Plan {
  // The list filters ignore paging; the export has none.
  const list = { ...query, page: 1, limit: 1 }
  switch (entity) {
    case 'contacts': return contactPlan(list as ContactListQuery)
    case 'companies': return companyPlan(list as CompanyListQuery)
    case 'deals': return dealPlan(list as DealListQuery)
    default: return activityPlan(list as ActivityListQuery)
  }
}

const LABELS = { de: de.exports.columns, en: en.exports.columns } as Record<'de' | 'en', Record<string, string>>
const DELIMITERS = { comma: ',', semicolon: ';', tab: '\t' } as const

/**
 * A list as CSV, with the list's filters and sort, streamed from a database cursor: one
 * transaction reads FETCH_ROWS rows at a time and waits while the client is slower, so
 * 100,000 rows never sit in memory (on embedded PGlite: pages in separate transactions). UTF-8 with BOM (Excel); German labels use `;` and a
 * decimal comma, as German Excel expects.
 */
export function exportCsv<E extends ExportEntity>(ctx: TenantContext, entity: E, query: ExportQuery<E>): { fileName: string, stream: Readable } {
  const plan = planOf(entity, query)
  const labels = query.headers === 'labels'
  const german = labels && query.lang === 'de'
  const delimiter = DELIMITERS[query.delimiter ?? (german ? 'semicolon' : 'comma')]
  const out = stringify({
    bom: true,
    delimiter,
    header: true,
    ...safeCsvOptions,
    columns: plan.columns.map(c => ({ key: c.key, header: labels ? LABELS[query.lang][c.key] ?? c.key : c.key })),
  })
  const moneyColumns = plan.columns.filter(c => c.kind === 'money').map(c => c.key)
  /** Writes one page of rows, waiting while the client is slower; false once the client has gone. */
  const write = async (rows: Record<string, string | null>[]) => {
    for (const row of rows) {
      if (german) for (const key of moneyColumns) row[key] = row[key]?.replace('.', ',') ?? null
      if (!out.write(row)) await Promise.race([once(out, 'drain'), once(out, 'close')])
      if (out.destroyed) return false
    }
    return true
  }
  const read = async () => {
    const { kind } = await useDatabaseHandle()
    if (kind === 'pglite') {
      // Embedded PGlite has one connection: a transaction open for the whole download would
      // stop every other request. It reads page by page instead, each in its own transaction.
      for (let offset = 0; !out.destroyed; offset += FETCH_ROWS) {
        const rows = await withTenant(ctx, async tx => resultRows<Record<string, string | null>>(
          await tx.execute(sql`${plan.query(tx, ctx.orgId, columns(plan.columns))} limit ${FETCH_ROWS} offset ${offset}`)))
        if (!(await write(rows)) || rows.length < FETCH_ROWS) return
        await new Promise(resolve => setImmediate(resolve))
      }
      return
    }
    await withTenant(ctx, async (tx) => {
      const select = plan.query(tx, ctx.orgId, columns(plan.columns))
      await tx.execute(sql`declare pulse_export no scroll cursor for ${select}`)
      while (!out.destroyed) {
        const rows = resultRows<Record<string, string | null>>(await tx.execute(sql`fetch forward ${sql.raw(String(FETCH_ROWS))} from pulse_export`))
        if (!rows.length || !(await write(rows))) break
      }
      if (!out.destroyed) await tx.execute(sql`close pulse_export`)
    })
  }
  read().then(() => out.end(), (error: unknown) => {
    console.error(`[exports] ${entity} export failed:`, loggable(error))
    out.destroy(error instanceof Error ? error : new Error(String(error)))
  })
  const date = new Date().toISOString().slice(0, 10)
  return { fileName: `${entity}-${date}.csv`, stream: out }
}
