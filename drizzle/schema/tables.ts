import { sql } from 'drizzle-orm'
import {
  char, date, foreignKey, index, inet, integer, jsonb, numeric, pgPolicy, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core'
import type { NotificationSettings, OrganizationSettings, PipelineStage } from '../../shared/schemas'
import { id, orgId, tenantPolicy, timestamps } from './columns'
import { authRole, searchRole } from './roles'
import { activityType, apiKeyScope, dealStatus, userLocale, userRole } from './enums'

/** Lets the owner of the sign-in lookup functions (and no one else) find a row without a tenant. */
const authLookupPolicy = () => pgPolicy('auth_lookup', { as: 'permissive', for: 'select', to: authRole, using: sql`true` })

/**
 * Lets the owner of the search functions read without RLS quals, so the planner may use
 * the trigram indexes (their operators are not LEAKPROOF, see migration 0007); the
 * function confines every query to the transaction's `app.org_id` itself.
 */
const searchLookupPolicy = () => pgPolicy('search_lookup', { as: 'permissive', for: 'select', to: searchRole, using: sql`true` })

export const organizations = pgTable('organizations', {
  id: id().primaryKey(),
  name: text('name').notNull(),
  settings: jsonb('settings').$type<OrganizationSettings>().notNull().default({ defaultCurrency: 'EUR', defaultLocale: 'de' }),
  // IANA zone of members who chose none (shared/time-zones.ts).
  timeZone: text('time_zone').notNull().default('Europe/Berlin'),
  ...timestamps,
  // Plus policy auth_lookup for pulse_auth (custom migration 0038): the session check reads the MFA policy.
}, () => [tenantPolicy('id')])

export const users = pgTable('users', {
  orgId: orgId(),
  id: id(),
  // Stored lower-case (the validators normalise); one identity belongs to exactly one organization.
  email: text('email').notNull(),
  name: text('name').notNull(),
  passwordHash: text('password_hash'),
  role: userRole('role').notNull().default('member'),
  locale: userLocale('locale').notNull().default('de'),
  // IANA zone for times shown and mailed to this person; null: the organization's.
  timeZone: text('time_zone'),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  // Access tokens issued before this instant are refused (password change, removal, role change).
  sessionsValidAfter: timestamp('sessions_valid_after', { withTimezone: true }),
  // Minutes before the due time for new activities' reminder; null: no reminder unless chosen.
  defaultReminderMinutes: integer('default_reminder_minutes'),
  // Per kind, the channels switched off or on against their defaults (shared/notifications.ts).
  notificationSettings: jsonb('notification_settings').$type<NotificationSettings>().notNull().default({}),
  ...timestamps,
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  uniqueIndex('users_email_key').on(t.email),
  index('users_org_name_idx').on(t.orgId, t.name, t.id),
  tenantPolicy(),
  // Sign-in knows an email, not a tenant: only the lookup function's owner may read across orgs.
  authLookupPolicy(),
])

export const companies = pgTable('companies', {
  orgId: orgId(),
  id: id(),
  name: text('name').notNull(),
  industry: text('industry'),
  website: text('website'),
  phone: text('phone'),
  street: text('street'),
  postalCode: text('postal_code'),
  city: text('city'),
  country: char('country', { length: 2 }),
  ownerId: uuid('owner_id'),
  // Duplicate detection's keys (shared/duplicate-keys.ts), written with the record.
  domainKey: text('domain_key'),
  nameKey: text('name_key'),
  ...timestamps,
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  foreignKey({ columns: [t.orgId, t.ownerId], foreignColumns: [users.orgId, users.id] }),
  index('companies_org_name_idx').on(t.orgId, t.name, t.id),
  index('companies_org_created_idx').on(t.orgId, t.createdAt, t.id),
  index('companies_org_owner_idx').on(t.orgId, t.ownerId),
  // Every sortable list field has an (org_id, field, id) index, so a page never sorts the tenant.
  index('companies_org_industry_idx').on(t.orgId, t.industry, t.id),
  index('companies_org_city_idx').on(t.orgId, t.city, t.id),
  index('companies_org_country_idx').on(t.orgId, t.country, t.id),
  index('companies_org_updated_idx').on(t.orgId, t.updatedAt, t.id),
  index('companies_org_domain_key_idx').on(t.orgId, t.domainKey).where(sql`${t.domainKey} is not null`),
  index('companies_org_name_key_idx').on(t.orgId, t.nameKey).where(sql`${t.nameKey} is not null`),
  tenantPolicy(),
  searchLookupPolicy(),
])

export const contacts = pgTable('contacts', {
  orgId: orgId(),
  id: id(),
  firstName: text('first_name').notNull(),
  lastName: text('last_name').notNull(),
  email: text('email'),
  phone: text('phone'),
  position: text('position'),
  companyId: uuid('company_id'),
  ownerId: uuid('owner_id'),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  // Duplicate detection's keys (shared/duplicate-keys.ts), written with the record.
  emailKey: text('email_key'),
  phoneKey: text('phone_key'),
  nameKey: text('name_key'),
  ...timestamps,
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  foreignKey({ columns: [t.orgId, t.companyId], foreignColumns: [companies.orgId, companies.id] }),
  foreignKey({ columns: [t.orgId, t.ownerId], foreignColumns: [users.orgId, users.id] }),
  // Every sortable list field has an (org_id, field, id) index, so a page never sorts the tenant.
  index('contacts_org_name_idx').on(t.orgId, t.lastName, t.firstName, t.id),
  index('contacts_org_created_idx').on(t.orgId, t.createdAt, t.id),
  index('contacts_org_company_idx').on(t.orgId, t.companyId),
  index('contacts_org_owner_idx').on(t.orgId, t.ownerId),
  index('contacts_org_email_idx').on(t.orgId, sql`lower(${t.email})`),
  index('contacts_tags_idx').using('gin', t.tags),
  index('contacts_org_first_name_idx').on(t.orgId, t.firstName, t.id),
  index('contacts_org_email_sort_idx').on(t.orgId, t.email, t.id),
  index('contacts_org_updated_idx').on(t.orgId, t.updatedAt, t.id),
  index('contacts_org_email_key_idx').on(t.orgId, t.emailKey).where(sql`${t.emailKey} is not null`),
  index('contacts_org_phone_key_idx').on(t.orgId, t.phoneKey).where(sql`${t.phoneKey} is not null`),
  index('contacts_org_name_key_idx').on(t.orgId, t.nameKey).where(sql`${t.nameKey} is not null`),
  tenantPolicy(),
  searchLookupPolicy(),
])

export const pipelines = pgTable('pipelines', {
  orgId: orgId(),
  id: id(),
  name: text('name').notNull(),
  stages: jsonb('stages').$type<PipelineStage[]>().notNull(),
  position: integer('position').notNull().default(0),
  ...timestamps,
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  index('pipelines_org_position_idx').on(t.orgId, t.position, t.id),
  tenantPolicy(),
])

export const deals = pgTable('deals', {
  orgId: orgId(),
  id: id(),
  title: text('title').notNull(),
  // Exact decimal: money is never a float. Drizzle hands it over as a string.
  value: numeric('value', { precision: 14, scale: 2 }).notNull().default('0'),
  currency: char('currency', { length: 3 }).notNull().default('EUR'),
  pipelineId: uuid('pipeline_id').notNull(),
  stageId: uuid('stage_id').notNull(),
  status: dealStatus('status').notNull().default('open'),
  contactId: uuid('contact_id'),
  companyId: uuid('company_id'),
  ownerId: uuid('owner_id'),
  expectedCloseDate: date('expected_close_date', { mode: 'string' }),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  ...timestamps,
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  foreignKey({ columns: [t.orgId, t.pipelineId], foreignColumns: [pipelines.orgId, pipelines.id] }),
  foreignKey({ columns: [t.orgId, t.contactId], foreignColumns: [contacts.orgId, contacts.id] }),
  foreignKey({ columns: [t.orgId, t.companyId], foreignColumns: [companies.orgId, companies.id] }),
  foreignKey({ columns: [t.orgId, t.ownerId], foreignColumns: [users.orgId, users.id] }),
  index('deals_org_pipeline_stage_idx').on(t.orgId, t.pipelineId, t.stageId),
  index('deals_org_status_idx').on(t.orgId, t.status, t.expectedCloseDate),
  index('deals_org_created_idx').on(t.orgId, t.createdAt, t.id),
  index('deals_org_owner_idx').on(t.orgId, t.ownerId),
  index('deals_org_contact_idx').on(t.orgId, t.contactId),
  index('deals_org_company_idx').on(t.orgId, t.companyId),
  index('deals_org_title_idx').on(t.orgId, t.title, t.id),
  index('deals_org_value_idx').on(t.orgId, t.value, t.id),
  index('deals_org_status_sort_idx').on(t.orgId, t.status, t.id),
  index('deals_org_expected_close_idx').on(t.orgId, t.expectedCloseDate, t.id),
  index('deals_org_closed_idx').on(t.orgId, t.closedAt, t.id),
  index('deals_org_updated_idx').on(t.orgId, t.updatedAt, t.id),
  tenantPolicy(),
  searchLookupPolicy(),
])

export const activities = pgTable('activities', {
  orgId: orgId(),
  id: id(),
  type: activityType('type').notNull(),
  subject: text('subject').notNull(),
  note: text('note'),
  dueAt: timestamp('due_at', { withTimezone: true }),
  completedAt: timestamp('completed_at', { withTimezone: true }),
  contactId: uuid('contact_id'),
  companyId: uuid('company_id'),
  dealId: uuid('deal_id'),
  ownerId: uuid('owner_id'),
  ...timestamps,
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  foreignKey({ columns: [t.orgId, t.contactId], foreignColumns: [contacts.orgId, contacts.id] }),
  foreignKey({ columns: [t.orgId, t.companyId], foreignColumns: [companies.orgId, companies.id] }),
  foreignKey({ columns: [t.orgId, t.dealId], foreignColumns: [deals.orgId, deals.id] }),
  foreignKey({ columns: [t.orgId, t.ownerId], foreignColumns: [users.orgId, users.id] }),
  index('activities_org_owner_due_idx').on(t.orgId, t.ownerId, t.dueAt),
  index('activities_org_due_idx').on(t.orgId, t.dueAt, t.id),
  index('activities_org_created_idx').on(t.orgId, t.createdAt, t.id),
  index('activities_org_contact_idx').on(t.orgId, t.contactId),
  index('activities_org_company_idx').on(t.orgId, t.companyId),
  index('activities_org_deal_idx').on(t.orgId, t.dealId),
  index('activities_org_completed_idx').on(t.orgId, t.completedAt, t.id),
  index('activities_org_subject_idx').on(t.orgId, t.subject, t.id),
  index('activities_org_type_idx').on(t.orgId, t.type, t.id),
  index('activities_org_updated_idx').on(t.orgId, t.updatedAt, t.id),
  tenantPolicy(),
  searchLookupPolicy(),
])

/**
 * How many rows each organization has per table, kept exact by statement triggers
 * (migration 0012), so an unfiltered list's total costs one row read, not a count of
 * the tenant. `entity` is the table name.
 */
export const recordCounts = pgTable('record_counts', {
  orgId: orgId(),
  entity: text('entity').notNull(),
  count: integer('count').notNull().default(0),
}, t => [
  primaryKey({ columns: [t.orgId, t.entity] }),
  foreignKey({ columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  tenantPolicy(),
])

/**
 * Every stage a deal has been in: the row of the current stage has no `leftAt`, so the
 * time spent in a stage is `coalesce(left_at, now()) - entered_at`.
 */
export const dealStageHistory = pgTable('deal_stage_history', {
  orgId: orgId(),
  id: id(),
  dealId: uuid('deal_id').notNull(),
  pipelineId: uuid('pipeline_id').notNull(),
  stageId: uuid('stage_id').notNull(),
  fromStageId: uuid('from_stage_id'),
  enteredAt: timestamp('entered_at', { withTimezone: true }).notNull().defaultNow(),
  leftAt: timestamp('left_at', { withTimezone: true }),
  // Who moved it: a user or an API key (no foreign key, like the audit trail).
  actorId: uuid('actor_id'),
  actorType: text('actor_type', { enum: ['user', 'api_key', 'system'] }).notNull().default('user'),
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId, t.dealId], foreignColumns: [deals.orgId, deals.id] }).onDelete('cascade'),
  index('deal_stage_history_org_deal_idx').on(t.orgId, t.dealId, t.enteredAt),
  index('deal_stage_history_org_stage_idx').on(t.orgId, t.pipelineId, t.stageId, t.enteredAt),
  tenantPolicy(),
])

/**
 * Answers to `POST` requests sent with an `Idempotency-Key`, per caller, kept a day: a
 * retry with the same key and body gets the stored answer instead of a second row.
 */
export const idempotencyKeys = pgTable('idempotency_keys', {
  orgId: orgId(),
  id: id(),
  // The user or API key that sent the request: keys of different callers never collide.
  actorId: uuid('actor_id').notNull(),
  key: text('key').notNull(),
  // SHA-256 of method, path and body: the same key with another request is refused.
  requestHash: text('request_hash').notNull(),
  responseStatus: integer('response_status').notNull(),
  responseBody: jsonb('response_body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  uniqueIndex('idempotency_keys_actor_key').on(t.orgId, t.actorId, t.key),
  index('idempotency_keys_org_expires_idx').on(t.orgId, t.expiresAt),
  tenantPolicy(),
])

export const auditLogs = pgTable('audit_logs', {
  orgId: orgId(),
  id: id(),
  // No foreign key on the actor: the trail outlives the people and keys in it.
  actorId: uuid('actor_id'),
  actorType: text('actor_type', { enum: ['user', 'api_key', 'system'] }).notNull().default('user'),
  action: text('action').notNull(),
  entity: text('entity').notNull(),
  entityId: uuid('entity_id'),
  changes: jsonb('changes').$type<Record<string, unknown>>(),
  ip: inet('ip'),
  userAgent: text('user_agent'),
  ...timestamps,
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  index('audit_logs_org_created_idx').on(t.orgId, t.createdAt, t.id),
  index('audit_logs_org_entity_idx').on(t.orgId, t.entity, t.entityId, t.createdAt),
  index('audit_logs_org_actor_idx').on(t.orgId, t.actorId, t.createdAt),
  tenantPolicy(),
])

/**
 * Refresh tokens: opaque, stored as SHA-256 only, rotated on every use. Tokens of one
 * sign-in share a family; reusing a rotated token revokes the whole family.
 */
export const refreshTokens = pgTable('refresh_tokens', {
  orgId: orgId(),
  id: id(),
  userId: uuid('user_id').notNull(),
  familyId: uuid('family_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  rotatedAt: timestamp('rotated_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  ip: inet('ip'),
  userAgent: text('user_agent'),
  ...timestamps,
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }).onDelete('cascade'),
  uniqueIndex('refresh_tokens_hash_key').on(t.tokenHash),
  index('refresh_tokens_org_family_idx').on(t.orgId, t.familyId),
  index('refresh_tokens_org_user_idx').on(t.orgId, t.userId),
  // Live sessions (the current token of each family), counted by metrics_active_sessions() at every scrape.
  index('refresh_tokens_live_idx').on(t.expiresAt).where(sql`${t.rotatedAt} is null and ${t.revokedAt} is null`),
  tenantPolicy(),
  authLookupPolicy(),
])

/** Invitations to join an organization: a single-use emailed token, valid 7 days. */
export const invitations = pgTable('invitations', {
  orgId: orgId(),
  id: id(),
  email: text('email').notNull(),
  role: userRole('role').notNull(),
  locale: userLocale('locale').notNull().default('de'),
  tokenHash: text('token_hash').notNull(),
  invitedBy: uuid('invited_by'),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  acceptedAt: timestamp('accepted_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  ...timestamps,
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  uniqueIndex('invitations_hash_key').on(t.tokenHash),
  index('invitations_org_email_idx').on(t.orgId, t.email),
  tenantPolicy(),
  authLookupPolicy(),
])

/** Password reset requests: a single-use emailed token, valid one hour. */
export const passwordResets = pgTable('password_resets', {
  orgId: orgId(),
  id: id(),
  userId: uuid('user_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  ...timestamps,
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }).onDelete('cascade'),
  uniqueIndex('password_resets_hash_key').on(t.tokenHash),
  tenantPolicy(),
  authLookupPolicy(),
])

/** API keys for automation: org-scoped, the secret shown once and stored as SHA-256. */
export const apiKeys = pgTable('api_keys', {
  orgId: orgId(),
  id: id(),
  name: text('name').notNull(),
  scope: apiKeyScope('scope').notNull(),
  // The first characters of the key, shown in lists so people can tell keys apart.
  prefix: text('prefix').notNull(),
  keyHash: text('key_hash').notNull(),
  createdBy: uuid('created_by'),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  ...timestamps,
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  uniqueIndex('api_keys_hash_key').on(t.keyHash),
  index('api_keys_org_created_idx').on(t.orgId, t.createdAt, t.id),
  tenantPolicy(),
  authLookupPolicy(),
])
