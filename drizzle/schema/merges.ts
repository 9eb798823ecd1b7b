import { sql } from 'drizzle-orm'
import { foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { MERGE_ENTITIES } from '../../shared/schemas/merge'
import { id, orgId, tenantPolicy } from './columns'
import { organizations } from './tables'

/** One moved reference: the row of `table` whose `column` pointed at `from` and now at the survivor. */
export interface MovedRow { id: string, from: string }

/** What undoing a merge needs, kept 30 days (then the privacy task drops it) or until an erasure. */
export interface MergeSnapshot {
  /** Each merged-away record's stored row as it was (dates as ISO strings). */
  records: Record<string, unknown>[]
  /** The survivor's fields the merge changed, with the value before and after. */
  changed: Record<string, { from: unknown, to: unknown }>
  /** Per `table.column`, the rows moved to the survivor and whom they pointed at before. */
  moved: Record<string, MovedRow[]>
}

/**
 * Every merge of contacts or companies: the merged-away records are deleted from their
 * table (so lists, search, exports, counts and duplicate checks never see them) and live on
 * here, in `snapshot`, for the undo. The row itself outlives the snapshot, so a merged-away
 * id keeps answering 404 with the survivor it went into. No foreign keys to the records:
 * like the audit trail, the merge log outlives them.
 */
export const merges = pgTable('merges', {
  orgId: orgId(),
  id: id(),
  entity: text('entity', { enum: MERGE_ENTITIES }).notNull(),
  survivorId: uuid('survivor_id').notNull(),
  mergedIds: uuid('merged_ids').array().notNull(),
  actorId: uuid('actor_id'),
  actorType: text('actor_type', { enum: ['user', 'api_key', 'system'] }).notNull().default('user'),
  snapshot: jsonb('snapshot').$type<MergeSnapshot>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  undoneAt: timestamp('undone_at', { withTimezone: true }),
  undoneBy: uuid('undone_by'),
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  index('merges_org_survivor_idx').on(t.orgId, t.entity, t.survivorId, t.createdAt),
  index('merges_merged_ids_idx').using('gin', t.mergedIds),
  // The privacy task's scan for snapshots past their 30 days.
  index('merges_snapshot_created_idx').on(t.createdAt).where(sql`${t.snapshot} is not null`),
  tenantPolicy(),
  // Plus policy jobs_expire for pulse_jobs (custom migration merges_rls).
])
