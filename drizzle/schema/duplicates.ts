import { sql } from 'drizzle-orm'
import { doublePrecision, foreignKey, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { DUPLICATE_KINDS, DUPLICATE_MATCHES } from '../../shared/schemas/duplicates'
import { id, orgId, tenantPolicy } from './columns'
import { organizations } from './tables'

/**
 * Likely duplicate pairs found in the background (server/services/duplicate-scan.ts), one
 * row per pair of records of one kind, `record_a` < `record_b`. A dismissed pair keeps its
 * row (`dismissed_at`), so a rescan finds it again but never shows it again. The records
 * are contacts or companies by `kind`, so no foreign key names them: a deleted record's
 * pairs are removed by the rescan its deletion queues, and the list never shows a pair
 * whose record is gone.
 */
export const duplicatePairs = pgTable('duplicate_pairs', {
  orgId: orgId(),
  id: id(),
  kind: text('kind', { enum: DUPLICATE_KINDS }).notNull(),
  recordA: uuid('record_a').notNull(),
  recordB: uuid('record_b').notNull(),
  score: doublePrecision('score').notNull(),
  reasons: text('reasons', { enum: DUPLICATE_MATCHES }).array().notNull(),
  foundAt: timestamp('found_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  dismissedAt: timestamp('dismissed_at', { withTimezone: true }),
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  uniqueIndex('duplicate_pairs_records_key').on(t.orgId, t.kind, t.recordA, t.recordB),
  index('duplicate_pairs_record_b_idx').on(t.orgId, t.kind, t.recordB),
  // The duplicates screen: open pairs of one kind, newest first.
  index('duplicate_pairs_open_idx').on(t.orgId, t.kind, t.foundAt, t.id).where(sql`${t.dismissedAt} is null`),
  tenantPolicy(),
])

/**
 * Records whose pairs are to be recomputed: written in the transaction that creates,
 * changes or deletes the record (a transactional outbox), drained by the duplicate-scan job.
 */
export const duplicateScanQueue = pgTable('duplicate_scan_queue', {
  orgId: orgId(),
  kind: text('kind', { enum: DUPLICATE_KINDS }).notNull(),
  recordId: uuid('record_id').notNull(),
  queuedAt: timestamp('queued_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [
  primaryKey({ columns: [t.orgId, t.kind, t.recordId] }),
  foreignKey({ columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  tenantPolicy(),
])

/**
 * The one full scan of an organization's records of a kind (for the data it had before
 * scanning began): `cursor` is the last record id done, `completed_at` set when it ended.
 */
export const duplicateScans = pgTable('duplicate_scans', {
  orgId: orgId(),
  kind: text('kind', { enum: DUPLICATE_KINDS }).notNull(),
  cursor: uuid('cursor'),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  completedAt: timestamp('completed_at', { withTimezone: true }),
}, t => [
  primaryKey({ columns: [t.orgId, t.kind] }),
  foreignKey({ columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  tenantPolicy(),
])
