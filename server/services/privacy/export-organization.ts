import { once } from 'node:events'
import { PassThrough, type Readable } from 'node:stream'
import { Zip, ZipDeflate, strToU8 } from 'fflate'
import { and, asc, eq, getTableColumns, gt } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import {
  activities, apiKeys, auditLogs, companies, consents, contacts, dealStageHistory, deals, erasures, invitations, organizations,
  activityReminders, digestDeliveries, notifications, pipelines, pushSubscriptions, retentionRules, retentionRuns, users,
} from '../../../drizzle/schema'
import { loggable } from '../../utils/error-envelope'
import { withTenant, type TenantContext } from '../../utils/tenant'
import { csvRow } from './csv'

/** Rows read per query: the export never holds more of a table than this. */
export const EXPORT_PAGE_SIZE = 500

interface ExportedTable {
  name: string
  table: PgTable & { orgId: PgColumn, id: PgColumn }
  /** Secrets never leave the server, not even to the owner: hashes of passwords, keys and tokens. */
  omit?: string[]
}

/** What an organization export holds, one JSON and one CSV file each. Sessions, reset and idempotency tokens are not data of the business. */
export const EXPORTED_TABLES: ExportedTable[] = [
  { name: 'users', table: users, omit: ['passwordHash', 'sessionsValidAfter'] },
  { name: 'companies', table: companies },
  { name: 'contacts', table: contacts },
  { name: 'pipelines', table: pipelines },
  { name: 'deals', table: deals },
  { name: 'deal_stage_history', table: dealStageHistory },
  { name: 'activities', table: activities },
  { name: 'consents', table: consents },
  { name: 'erasures', table: erasures },
  { name: 'retention_rules', table: retentionRules },
  { name: 'retention_runs', table: retentionRuns },
  { name: 'api_keys', table: apiKeys, omit: ['keyHash'] },
  { name: 'invitations', table: invitations, omit: ['tokenHash'] },
  { name: 'audit_logs', table: auditLogs },
  { name: 'activity_reminders', table: activityReminders },
  { name: 'notifications', table: notifications, omit: ['emailQueuedAt', 'emailAttempts', 'pushQueuedAt', 'pushAttempts'] },
  // The keys are the device's secrets: which devices receive pushes, and since when, is the data.
  { name: 'push_subscriptions', table: pushSubscriptions, omit: ['p256dh', 'auth'] },
  // Which morning digests went to whom (kept 35 days).
  { name: 'digest_deliveries', table: digestDeliveries },
]

function exportedColumns(entry: ExportedTable): Record<string, PgColumn> {
  const all = getTableColumns(entry.table) as Record<string, PgColumn>
  return Object.fromEntries(Object.entries(all).filter(([key]) => key !== 'orgId' && !entry.omit?.includes(key)))
}

/** The table's rows in id order, one page per short tenant transaction (keyset, no offset). */
async function* pages(ctx: TenantContext, entry: ExportedTable): AsyncGenerator<Record<string, unknown>[]> {
  const columns = exportedColumns(entry)
  let after: string | null = null
  for (;;) {
    const cursor: string | null = after
    const rows: Record<string, unknown>[] = await withTenant(ctx, tx => tx.select(columns).from(entry.table)
      .where(and(eq(entry.table.orgId, ctx.orgId), cursor ? gt(entry.table.id, cursor) : undefined))
      .orderBy(asc(entry.table.id))
      .limit(EXPORT_PAGE_SIZE))
    if (!rows.length) return
    yield rows
    if (rows.length < EXPORT_PAGE_SIZE) return
    after = rows[rows.length - 1]!.id as string
  }
}

/** A zip written to a stream as it is made; each write waits while the reader is behind. */
class ZipStream {
  readonly output = new PassThrough()
  private readonly zip = new Zip((error, chunk, final) => {
    if (error) {
      this.output.destroy(error)
      return
    }
    this.output.write(chunk)
    if (final) this.output.end()
  })

  async file(name: string, parts: AsyncIterable<string> | Iterable<string>): Promise<void> {
    const entry = new ZipDeflate(name, { level: 6 })
    entry.mtime = new Date()
    this.zip.add(entry)
    for await (const part of parts) {
      entry.push(strToU8(part))
      if (this.output.writableNeedDrain) await Promise.race([once(this.output, 'drain'), once(this.output, 'close')])
      if (this.output.destroyed) throw new Error('The download was aborted')
    }
    entry.push(new Uint8Array(0), true)
  }

  end(): void {
    this.zip.end()
  }
}

async function* jsonArray(ctx: TenantContext, entry: ExportedTable): AsyncGenerator<string> {
  let first = true
  yield '['
  for await (const rows of pages(ctx, entry)) {
    for (const row of rows) {
      yield `${first ? '' : ','}\n${JSON.stringify(row)}`
      first = false
    }
  }
  yield '\n]\n'
}

async function* csvFile(ctx: TenantContext, entry: ExportedTable): AsyncGenerator<string> {
  const names = Object.keys(exportedColumns(entry))
  yield csvRow(names)
  for await (const rows of pages(ctx, entry)) yield rows.map(row => csvRow(names.map(n => row[n]))).join('')
}

/**
 * The whole organization as a zip (owner only), streamed: `organization.json` with the
 * export's metadata, then `<table>.json` and `<table>.csv` for every table, read page by
 * page. Pages are read in separate short transactions, so a change made during a long
 * download may show in a later page; the export is not a point-in-time snapshot.
 */
export async function exportOrganization(ctx: TenantContext): Promise<{ filename: string, stream: Readable }> {
  const [org] = await withTenant(ctx, tx => tx.select().from(organizations).where(eq(organizations.id, ctx.orgId)))
  const zip = new ZipStream()
  const exportedAt = new Date().toISOString()
  const run = async () => {
    await zip.file('organization.json', [JSON.stringify({
      format: 'pulse-organization-export/1',
      exportedAt,
      exportedBy: { id: ctx.userId, type: ctx.actorType },
      organization: org,
      tables: EXPORTED_TABLES.map(t => t.name),
    }, null, 2)])
    for (const entry of EXPORTED_TABLES) {
      await zip.file(`${entry.name}.json`, jsonArray(ctx, entry))
      await zip.file(`${entry.name}.csv`, csvFile(ctx, entry))
    }
    zip.end()
  }
  run().catch((error: unknown) => {
    console.error('[privacy] organization export failed:', loggable(error))
    zip.output.destroy(error instanceof Error ? error : new Error(String(error)))
  })
  return { filename: `organization-export-${exportedAt.slice(0, 10)}.zip`, stream: zip.output }
}
