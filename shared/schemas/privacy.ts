import { z } from 'zod'
import { isoDateTime, requiredText } from './common'

export const CONSENT_STATUSES = ['granted', 'withdrawn'] as const
export const RETENTION_KINDS = ['contacts_inactive', 'activities_completed'] as const
export type ConsentStatus = (typeof CONSENT_STATUSES)[number]
export type RetentionKind = (typeof RETENTION_KINDS)[number]

/** Grace period of a scheduled organization deletion when PULSE_ORG_DELETION_GRACE_DAYS is not set. */
export const DEFAULT_DELETION_GRACE_DAYS = 30
/** Longest retention period a rule may name: 20 years. */
export const MAX_RETENTION_MONTHS = 240

/** One entry of the consent ledger: given or withdrawn, for one purpose. */
export const consentCreate = z.strictObject({
  purpose: requiredText(200),
  status: z.enum(CONSENT_STATUSES),
  // When the person gave or withdrew it; defaults to now. Never in the future.
  occurredAt: isoDateTime.optional().refine(v => v === undefined || Date.parse(v) <= Date.now() + 60_000, { error: 'must not be in the future' }),
  source: requiredText(200),
})
export type ConsentCreate = z.infer<typeof consentCreate>

/** Erasure under Art. 17 DSGVO: the reason is kept in the erasure log (without the erased values). */
export const contactErase = z.strictObject({
  reason: z.string().trim().min(3).max(500),
})
export type ContactErase = z.infer<typeof contactErase>

export const retentionKindParams = z.object({ kind: z.enum(RETENTION_KINDS) })

export const retentionRuleUpsert = z.strictObject({
  months: z.int().min(1).max(MAX_RETENTION_MONTHS),
  enabled: z.boolean().default(true),
})
export type RetentionRuleUpsert = z.infer<typeof retentionRuleUpsert>

/** A run of one rule now: `dryRun` lists what would go and changes nothing. */
export const retentionRunCreate = z.strictObject({
  kind: z.enum(RETENTION_KINDS),
  dryRun: z.boolean(),
})
export type RetentionRunCreate = z.infer<typeof retentionRunCreate>

export const retentionRunListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})
export type RetentionRunListQuery = z.infer<typeof retentionRunListQuery>

/** Scheduling the organization's deletion repeats its name, like an immediate deletion. */
export const organizationDeletionCreate = z.strictObject({ confirmName: z.string().min(1).max(200) })
export type OrganizationDeletionCreate = z.infer<typeof organizationDeletionCreate>
