import { z } from 'zod'
import { CONSENT_STATUSES, RETENTION_KINDS } from '../privacy'
import { personRef, recordId, timestamp } from './common'

const actorType = z.enum(['user', 'api_key', 'system'])

export const consentRecord = z.object({
  id: recordId,
  contactId: recordId,
  purpose: z.string(),
  status: z.enum(CONSENT_STATUSES),
  occurredAt: timestamp,
  source: z.string(),
  recordedBy: personRef.nullable(),
  recordedByType: actorType,
  createdAt: timestamp,
}).meta({ id: 'Consent', description: 'One entry of a contact\'s consent ledger; entries are never changed, a withdrawal is a new entry.' })

export const erasureRecord = z.object({
  id: recordId,
  contactId: recordId,
  reason: z.string(),
  erasedBy: personRef.nullable(),
  actorType,
  summary: z.record(z.string(), z.int()),
  createdAt: timestamp,
}).meta({ id: 'Erasure', description: 'Who erased a contact, when and why, and how many rows each step touched — never the erased values.' })

export const retentionRule = z.object({
  id: recordId,
  kind: z.enum(RETENTION_KINDS),
  months: z.int(),
  enabled: z.boolean(),
  lastRunAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
}).meta({ id: 'RetentionRule', description: 'A rule of the organization\'s Löschkonzept.' })

export const retentionRun = z.object({
  id: recordId,
  ruleId: recordId.nullable(),
  kind: z.enum(RETENTION_KINDS),
  months: z.int(),
  dryRun: z.boolean(),
  trigger: z.enum(['schedule', 'manual']),
  affected: z.int(),
  actor: personRef.nullable(),
  createdAt: timestamp,
}).meta({ id: 'RetentionRun', description: 'One run of a retention rule, dry or real.' })

export const retentionItem = z.object({
  id: recordId,
  label: z.string(),
  lastActivityAt: timestamp,
}).meta({ id: 'RetentionItem', description: 'A record a rule erases or deletes: a contact (its name) or an activity (its subject).' })

export const retentionRunResult = z.object({
  run: retentionRun,
  items: z.array(retentionItem),
}).meta({ id: 'RetentionRunResult', description: 'The recorded run and every record it erased or deleted (or, dry, would).' })

export const organizationDeletion = z.object({
  scheduled: z.object({
    requestedAt: timestamp,
    executeAfter: timestamp,
    requestedBy: personRef.nullable(),
  }).nullable(),
  graceDays: z.int().meta({ description: 'Days between scheduling and deletion.' }),
}).meta({ id: 'OrganizationDeletion', description: 'The scheduled deletion of the organization, or `null` when none is scheduled.' })

export const zipArchive = z.string().meta({ description: 'A zip archive (binary).', format: 'binary' })
