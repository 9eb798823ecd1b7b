import { sql } from 'drizzle-orm'
import { bigint, customType, foreignKey, index, integer, jsonb, pgPolicy, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { DUPLICATE_MATCHES } from '../../shared/schemas/duplicates'
import { IMPORT_DUPLICATE_MODES, IMPORT_ENTITIES, IMPORT_MATCH_ACTIONS, IMPORT_STATUSES } from '../../shared/schemas/import'
import { id, orgId, tenantPolicy, timestamps } from './columns'
import { authRole } from './roles'
import { organizations } from './tables'

const bytea = customType<{ data: Uint8Array, driverData: Uint8Array }>({ dataType: () => 'bytea' })

/**
 * One CSV import: the uploaded file (in `import_chunks`), how its columns map to fields,
 * and its progress. `rowsDone` is the cursor: the number of data records consumed by
 * committed batches, advanced in the same transaction as the batch's rows.
 */
export const imports = pgTable('imports', {
  orgId: orgId(),
  id: id(),
  entity: text('entity', { enum: IMPORT_ENTITIES }).notNull(),
  status: text('status', { enum: IMPORT_STATUSES }).notNull().default('uploaded'),
  fileName: text('file_name').notNull(),
  sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull().default(0),
  encoding: text('encoding', { enum: ['utf-8', 'windows-1252'] }).notNull().default('utf-8'),
  delimiter: text('delimiter').notNull().default(','),
  headers: jsonb('headers').$type<string[]>().notNull().default([]),
  // Column index (as a string) → field name; unmapped columns are left out.
  mapping: jsonb('mapping').$type<Record<string, string>>().notNull().default({}),
  duplicateMode: text('duplicate_mode', { enum: IMPORT_DUPLICATE_MODES }).notNull().default('skip'),
  totalRows: integer('total_rows'),
  rowsDone: integer('rows_done').notNull().default(0),
  createdCount: integer('created_count').notNull().default(0),
  updatedCount: integer('updated_count').notNull().default(0),
  skippedCount: integer('skipped_count').notNull().default(0),
  rejectedCount: integer('rejected_count').notNull().default(0),
  failure: text('failure'),
  createdBy: uuid('created_by'),
  // Each run or resume gets a new id; a batch commits only while its run still holds the import.
  runId: uuid('run_id'),
  heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
  startedAt: timestamp('started_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  revertedAt: timestamp('reverted_at', { withTimezone: true }),
  ...timestamps,
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  index('imports_org_created_idx').on(t.orgId, t.createdAt, t.id),
  index('imports_running_idx').on(t.heartbeatAt).where(sql`${t.status} = 'running'`),
  tenantPolicy(),
  // Server start marks imports whose runner died as interrupted (imports_mark_interrupted).
  pgPolicy('import_recovery', { as: 'permissive', for: 'all', to: authRole, using: sql`true` }),
])

/** The uploaded file in pieces of at most 1 MiB, so neither upload nor run holds it whole. */
export const importChunks = pgTable('import_chunks', {
  orgId: orgId(),
  importId: uuid('import_id').notNull(),
  seq: integer('seq').notNull(),
  data: bytea('data').notNull(),
}, t => [
  primaryKey({ columns: [t.orgId, t.importId, t.seq] }),
  foreignKey({ columns: [t.orgId, t.importId], foreignColumns: [imports.orgId, imports.id] }).onDelete('cascade'),
  tenantPolicy(),
])

/** What an import did to each record: created it, or updated it (with the values it had before). */
export const importRecords = pgTable('import_records', {
  orgId: orgId(),
  importId: uuid('import_id').notNull(),
  entity: text('entity', { enum: IMPORT_ENTITIES }).notNull(),
  recordId: uuid('record_id').notNull(),
  action: text('action', { enum: ['created', 'updated'] }).notNull(),
  previous: jsonb('previous').$type<Record<string, unknown>>(),
}, t => [
  primaryKey({ columns: [t.orgId, t.importId, t.entity, t.recordId] }),
  foreignKey({ columns: [t.orgId, t.importId], foreignColumns: [imports.orgId, imports.id] }).onDelete('cascade'),
  tenantPolicy(),
])

/** Every rejected row: its line in the file and why. */
export const importErrors = pgTable('import_errors', {
  orgId: orgId(),
  importId: uuid('import_id').notNull(),
  line: integer('line').notNull(),
  reason: text('reason').notNull(),
}, t => [
  primaryKey({ columns: [t.orgId, t.importId, t.line] }),
  foreignKey({ columns: [t.orgId, t.importId], foreignColumns: [imports.orgId, imports.id] }).onDelete('cascade'),
  tenantPolicy(),
])

/**
 * Every row that matched a record the organization had (or an earlier row of the file):
 * which record, by which rules of the duplicate matcher, and what the import did with it.
 */
export const importMatches = pgTable('import_matches', {
  orgId: orgId(),
  importId: uuid('import_id').notNull(),
  line: integer('line').notNull(),
  recordId: uuid('record_id').notNull(),
  rules: text('rules', { enum: DUPLICATE_MATCHES }).array().notNull(),
  action: text('action', { enum: IMPORT_MATCH_ACTIONS }).notNull(),
}, t => [
  primaryKey({ columns: [t.orgId, t.importId, t.line] }),
  foreignKey({ columns: [t.orgId, t.importId], foreignColumns: [imports.orgId, imports.id] }).onDelete('cascade'),
  tenantPolicy(),
])
