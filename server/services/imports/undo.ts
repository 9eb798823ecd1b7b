import { and, eq, sql } from 'drizzle-orm'
import { importChunks, imports } from '../../../drizzle/schema'
import type { ImportStatus } from '../../../shared/schemas'
import { resultRows } from '../../database/client'
import { conflict } from '../../utils/api'
import { recordAudit } from '../../utils/audit'
import { withTenant, type Transaction, type TenantContext } from '../../utils/tenant'
import { findImport, type ImportView } from './view'

const UNDOABLE: ImportStatus[] = ['completed', 'failed', 'cancelled', 'interrupted']

/** The ids an import touched in one table, as a subquery. */
function touched(orgId: string, importId: string, entity: string, action: 'created' | 'updated') {
  return sql`(select record_id from import_records where org_id = ${orgId} and import_id = ${importId} and entity = ${entity} and action = ${action})`
}

/** A column set back to the import's stored previous value, where it stored one. */
function restore(column: string, key: string, cast = '') {
  const value = cast === '[]' ? sql.raw(`array(select jsonb_array_elements_text(r.previous -> '${key}'))`) : sql.raw(`(r.previous ->> '${key}')${cast}`)
  return sql`${sql.identifier(column)} = case when r.previous -> ${key} is not null then ${value} else t.${sql.identifier(column)} end`
}

async function rowCount(tx: Transaction, query: ReturnType<typeof sql>): Promise<number> {
  const result = await tx.execute(sql`with done as (${query} returning 1) select count(*)::integer as n from done`)
  return Number(resultRows<{ n: number }>(result)[0]?.n ?? 0)
}

/**
 * Undoes an import in one transaction: updated records get back the values they had
 * before, records it created are deleted (what points at them loses the link, as a
 * delete in the app does). One audit entry records the undo.
 */
export async function undo(ctx: TenantContext, id: string): Promise<ImportView> {
  return withTenant(ctx, async (tx) => {
    const [current] = await tx.select({ status: imports.status }).from(imports)
      .where(and(eq(imports.orgId, ctx.orgId), eq(imports.id, id))).for('update')
    if (!current) return findImport(tx, ctx.orgId, id)
    if (!UNDOABLE.includes(current.status)) throw conflict(`The import is ${current.status}; only a finished, failed, cancelled or interrupted import can be undone`)
    const org = ctx.orgId
    // The background duplicate scan looks again at every record the import created or changed (and removes the pairs of the deleted ones).
    await tx.execute(sql`insert into duplicate_scan_queue (org_id, kind, record_id)
      select org_id, case entity when 'contacts' then 'contact' else 'company' end, record_id from import_records
       where org_id = ${org} and import_id = ${id} and entity in ('contacts', 'companies')
      on conflict do nothing`)
    const restored
      = await rowCount(tx, sql`update contacts t set ${sql.join([
        restore('first_name', 'firstName'), restore('last_name', 'lastName'), restore('email', 'email'), restore('phone', 'phone'),
        restore('position', 'position'), restore('company_id', 'companyId', '::uuid'), restore('tags', 'tags', '[]'),
        restore('email_key', 'emailKey'), restore('phone_key', 'phoneKey'), restore('name_key', 'nameKey'),
      ], sql`, `)}, updated_at = now() from import_records r
        where r.org_id = ${org} and r.import_id = ${id} and r.entity = 'contacts' and r.action = 'updated' and t.org_id = ${org} and t.id = r.record_id`)
      + await rowCount(tx, sql`update companies t set ${sql.join([
        restore('industry', 'industry'), restore('website', 'website'), restore('phone', 'phone'), restore('street', 'street'),
        restore('postal_code', 'postalCode'), restore('city', 'city'), restore('country', 'country'), restore('domain_key', 'domainKey'),
      ], sql`, `)}, updated_at = now() from import_records r
        where r.org_id = ${org} and r.import_id = ${id} and r.entity = 'companies' and r.action = 'updated' and t.org_id = ${org} and t.id = r.record_id`)
    const deals = touched(org, id, 'deals', 'created')
    await tx.execute(sql`update activities set deal_id = null where org_id = ${org} and deal_id in ${deals}`)
    let removed = await rowCount(tx, sql`delete from deals where org_id = ${org} and id in ${deals}`)
    const people = touched(org, id, 'contacts', 'created')
    for (const table of ['deals', 'activities']) {
      await tx.execute(sql`update ${sql.identifier(table)} set contact_id = null where org_id = ${org} and contact_id in ${people}`)
    }
    removed += await rowCount(tx, sql`delete from contacts where org_id = ${org} and id in ${people}`)
    const firms = touched(org, id, 'companies', 'created')
    for (const table of ['contacts', 'deals', 'activities']) {
      await tx.execute(sql`update ${sql.identifier(table)} set company_id = null where org_id = ${org} and company_id in ${firms}`)
    }
    removed += await rowCount(tx, sql`delete from companies where org_id = ${org} and id in ${firms}`)
    await tx.update(imports).set({ status: 'reverted', revertedAt: sql`now()` }).where(and(eq(imports.orgId, org), eq(imports.id, id)))
    // Nothing can run a reverted import: its file goes.
    await tx.delete(importChunks).where(and(eq(importChunks.orgId, org), eq(importChunks.importId, id)))
    await recordAudit(tx, ctx, { action: 'import.undo', entity: 'import', entityId: id, changes: { removed, restored } })
    return findImport(tx, org, id)
  })
}
