import { and, eq, sql } from 'drizzle-orm'
import { companies, contacts, merges } from '../../drizzle/schema'
import type { MergeEntity } from '../../shared/schemas'
import { resultRows } from '../database/client'
import { ApiError } from '../utils/api'
import type { Transaction } from '../utils/tenant'

const tables = { contact: contacts, company: companies }
const labels = { contact: 'Contact', company: 'Company' }

/** Merges chain (A into B, later B into C); a bound keeps a corrupt log from looping. */
const MAX_HOPS = 20

/**
 * Where a merged-away record lives on: the survivor it was merged into, followed through
 * later merges, as long as that record exists; null for a record that was never merged away.
 */
export async function survivorOf(tx: Transaction, orgId: string, entity: MergeEntity, id: string): Promise<string | null> {
  let current = id
  let found = false
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const [merge] = await tx.select({ survivorId: merges.survivorId }).from(merges)
      .where(and(eq(merges.orgId, orgId), eq(merges.entity, entity), sql`${merges.undoneAt} is null`, sql`${merges.mergedIds} @> array[${current}]::uuid[]`))
      .orderBy(sql`${merges.createdAt} desc`).limit(1)
    if (!merge) break
    current = merge.survivorId
    found = true
  }
  if (!found) return null
  const table = tables[entity]
  const [alive] = await tx.select({ id: table.id }).from(table).where(and(eq(table.orgId, orgId), eq(table.id, current)))
  return alive ? current : null
}

/**
 * The 404 for a record that is not there: with `details.mergedInto` when it was merged
 * into another, so old links and API clients find the survivor.
 */
export async function recordGone(tx: Transaction, orgId: string, entity: MergeEntity, id: string): Promise<ApiError<unknown>> {
  const mergedInto = await survivorOf(tx, orgId, entity, id)
  if (!mergedInto) return new ApiError(404, 'NOT_FOUND', `${labels[entity]} not found`)
  return new ApiError(404, 'NOT_FOUND', `${labels[entity]} not found: it was merged into ${mergedInto}`, { mergedInto })
}

/**
 * Every record merged into `id`, directly or through earlier merges, and not restored: their
 * history, consents and erasure belong to `id` now.
 */
export async function mergedInto(tx: Transaction, orgId: string, entity: MergeEntity, id: string): Promise<string[]> {
  const rows = resultRows<{ id: string }>(await tx.execute(sql`
    with recursive lineage(id) as (
      select unnest(m.merged_ids) from merges m
       where m.org_id = ${orgId} and m.entity = ${entity} and m.survivor_id = ${id} and m.undone_at is null
      union
      select unnest(m.merged_ids) from merges m join lineage l on m.survivor_id = l.id
       where m.org_id = ${orgId} and m.entity = ${entity} and m.undone_at is null
    )
    select id from lineage`))
  return rows.map(r => r.id)
}
