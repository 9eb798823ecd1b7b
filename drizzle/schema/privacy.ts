import {
  boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core'
import { CONSENT_STATUSES, RETENTION_KINDS } from '../../shared/schemas/privacy'
import { id, orgId, tenantPolicy, timestamps } from './columns'
import { organizations } from './tables'

const actorTypes = ['user', 'api_key', 'system'] as const

/**
 * The consent ledger: one row per consent given or withdrawn, never changed. The runtime
 * role may only read and append (migration grants); an erasure removes a person's rows
 * through `privacy_erase_consents()`, which refuses unless the erasure is recorded. No
 * foreign key to contacts: like the audit trail, the ledger outlives a plain deletion.
 */
export const consents = pgTable('consents', {
  orgId: orgId(),
  id: id(),
  contactId: uuid('contact_id').notNull(),
  purpose: text('purpose').notNull(),
  status: text('status', { enum: CONSENT_STATUSES }).notNull(),
  // When the person gave or withdrew it (may precede the recording, e.g. a signed form).
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  source: text('source').notNull(),
  recordedBy: uuid('recorded_by'),
  recordedByType: text('recorded_by_type', { enum: actorTypes }).notNull().default('user'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  index('consents_org_contact_idx').on(t.orgId, t.contactId, t.occurredAt),
  tenantPolicy(),
])

/** One row per erased person: who erased them, when and why — never what was erased. */
export const erasures = pgTable('erasures', {
  orgId: orgId(),
  id: id(),
  contactId: uuid('contact_id').notNull(),
  reason: text('reason').notNull(),
  actorId: uuid('actor_id'),
  actorType: text('actor_type', { enum: actorTypes }).notNull().default('user'),
  // How many rows each step touched, e.g. { activities: 2, consents: 1 }.
  summary: jsonb('summary').$type<Record<string, number>>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  uniqueIndex('erasures_org_contact_key').on(t.orgId, t.contactId),
  tenantPolicy(),
])

/** The organization's Löschkonzept: at most one rule per kind. */
export const retentionRules = pgTable('retention_rules', {
  orgId: orgId(),
  id: id(),
  kind: text('kind', { enum: RETENTION_KINDS }).notNull(),
  months: integer('months').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  lastRunAt: timestamp('last_run_at', { withTimezone: true }),
  ...timestamps,
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  uniqueIndex('retention_rules_org_kind_key').on(t.orgId, t.kind),
  tenantPolicy(),
  // Plus policy scheduler_lookup for pulse_privacy (custom migration privacy_rls): the role is created there.
])

/** Every retention run, dry or real, scheduled or started by hand. */
export const retentionRuns = pgTable('retention_runs', {
  orgId: orgId(),
  id: id(),
  ruleId: uuid('rule_id'),
  kind: text('kind', { enum: RETENTION_KINDS }).notNull(),
  months: integer('months').notNull(),
  dryRun: boolean('dry_run').notNull(),
  trigger: text('trigger', { enum: ['schedule', 'manual'] }).notNull(),
  affected: integer('affected').notNull(),
  actorId: uuid('actor_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  index('retention_runs_org_created_idx').on(t.orgId, t.createdAt, t.id),
  tenantPolicy(),
])

/** A scheduled deletion of the whole organization; gone when canceled, executed with everything else. */
export const organizationDeletions = pgTable('organization_deletions', {
  orgId: orgId().primaryKey(),
  requestedBy: uuid('requested_by'),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
  executeAfter: timestamp('execute_after', { withTimezone: true }).notNull(),
}, t => [
  foreignKey({ columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  tenantPolicy(),
  // Plus policy scheduler_lookup for pulse_privacy (custom migration privacy_rls): the role is created there.
])
