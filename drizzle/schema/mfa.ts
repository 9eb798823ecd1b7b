import { bigint, foreignKey, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { id, orgId, tenantPolicy } from './columns'
import { users } from './tables'

/**
 * A person's authenticator app (TOTP, RFC 6238): one per person. The secret is encrypted
 * with AES-256-GCM under MFA_ENCRYPTION_KEY (server/utils/mfa-crypto.ts) and never leaves
 * the server after enrolment. `confirmed_at` null: enrolment begun, not yet proven with a
 * code, so it does not count as a second factor. `last_used_step` is the 30-second step of
 * the last accepted code: a code of that step or an earlier one is refused (no replay).
 */
export const mfaTotp = pgTable('mfa_totp', {
  orgId: orgId(),
  id: id(),
  userId: uuid('user_id').notNull(),
  secretCiphertext: text('secret_ciphertext').notNull(),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  lastUsedStep: bigint('last_used_step', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }).onDelete('cascade'),
  uniqueIndex('mfa_totp_user_key').on(t.orgId, t.userId),
  tenantPolicy(),
  // Plus policy auth_lookup for pulse_auth (custom migration 0038): the per-request session check reads it.
])

/** Single-use recovery codes, ten per set, stored as a keyed hash; a new set replaces the old one. */
export const mfaRecoveryCodes = pgTable('mfa_recovery_codes', {
  orgId: orgId(),
  id: id(),
  userId: uuid('user_id').notNull(),
  codeHash: text('code_hash').notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [
  primaryKey({ columns: [t.orgId, t.id] }),
  foreignKey({ columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }).onDelete('cascade'),
  index('mfa_recovery_codes_user_idx').on(t.orgId, t.userId),
  tenantPolicy(),
])
