import { z } from 'zod'
import { ACTIVITY_TYPES, DEAL_STATUSES } from '../../domain'
import { DUPLICATE_KINDS, DUPLICATE_MATCHES } from '../duplicates'
import { pipelineStage } from '../pipeline'
import { personRef, recordId as id, timestamp, timestamps } from './common'

// What the API answers with for the CRM resources.

const nullableText = z.string().nullable()
const userRef = personRef.nullable()

/** A linked record, expanded to what a list or detail view shows; null when unlinked. */
export const companyRef = z.object({ id, name: z.string() }).nullable()
export const contactRef = z.object({ id, firstName: z.string(), lastName: z.string() }).nullable()
export const dealRef = z.object({ id, title: z.string() }).nullable()

export const contactRecord = z.object({
  id,
  firstName: z.string(),
  lastName: z.string(),
  email: nullableText,
  phone: nullableText,
  position: nullableText,
  companyId: id.nullable(),
  ownerId: id.nullable(),
  tags: z.array(z.string()),
  ...timestamps,
  company: companyRef,
  owner: userRef,
})
export type ContactRecord = z.infer<typeof contactRecord>

export const address = z.object({
  street: nullableText,
  postalCode: nullableText,
  city: nullableText,
  country: z.string().length(2).nullable().describe('ISO 3166-1 alpha-2'),
})

export const companyRecord = z.object({
  id,
  name: z.string(),
  industry: nullableText,
  website: nullableText,
  phone: nullableText,
  address,
  ownerId: id.nullable(),
  ...timestamps,
  owner: userRef,
})
export type CompanyRecord = z.infer<typeof companyRecord>

export const pipelineRecord = z.object({
  id,
  name: z.string(),
  position: z.number().int(),
  stages: z.array(pipelineStage),
  ...timestamps,
})
export type PipelineRecord = z.infer<typeof pipelineRecord>

/** The deal's next open activity, as a board card shows it. */
export const nextActivity = z.object({
  id,
  type: z.enum(ACTIVITY_TYPES),
  subject: z.string(),
  dueAt: timestamp.nullable(),
})
export type NextActivity = z.infer<typeof nextActivity>

export const dealRecord = z.object({
  id,
  title: z.string(),
  value: z.string().describe('Exact decimal amount, e.g. "12500.00"'),
  currency: z.string().length(3),
  pipelineId: id,
  stageId: id,
  status: z.enum(DEAL_STATUSES),
  contactId: id.nullable(),
  companyId: id.nullable(),
  ownerId: id.nullable(),
  expectedCloseDate: z.iso.date().nullable(),
  closedAt: timestamp.nullable(),
  ...timestamps,
  stageName: z.string().nullable(),
  stageEnteredAt: timestamp.nullable().describe('When the deal entered its current stage (the open stay in its stage history); null only for a deal without history'),
  nextActivity: nextActivity.nullable().describe('The deal\'s next step: its open (not completed) activity due first, those without a due time after the dated ones; null when it has none'),
  contact: contactRef,
  company: companyRef,
  owner: userRef,
})
export type DealRecord = z.infer<typeof dealRecord>

export const activityRecord = z.object({
  id,
  type: z.enum(ACTIVITY_TYPES),
  subject: z.string(),
  note: nullableText,
  dueAt: timestamp.nullable(),
  completedAt: timestamp.nullable(),
  contactId: id.nullable(),
  companyId: id.nullable(),
  dealId: id.nullable(),
  ownerId: id.nullable(),
  ...timestamps,
  contact: contactRef,
  company: companyRef,
  deal: dealRef,
  owner: userRef,
  reminders: z.array(z.int().nonnegative()).describe('Reminders of the owner, in minutes before `dueAt` (0: at the due time); none once the activity is done or has no due time.'),
})
export type ActivityRecord = z.infer<typeof activityRecord>

/** One stay of a deal in a stage; `leftAt` is null for the stage it is in now. */
export const stageHistoryEntry = z.object({
  id,
  pipelineId: id,
  stageId: id,
  stageName: z.string().nullable(),
  fromStageId: id.nullable(),
  enteredAt: timestamp,
  leftAt: timestamp.nullable(),
  durationSeconds: z.number().int().describe('Time spent in the stage, up to now for the current one'),
  actorId: id.nullable(),
  actorType: z.enum(['user', 'api_key', 'system']),
})
export type StageHistoryEntry = z.infer<typeof stageHistoryEntry>

export const auditLogRecord = z.object({
  id,
  action: z.string().describe('`resource.verb`, e.g. `contact.update`'),
  entity: z.string(),
  entityId: id.nullable(),
  changes: z.record(z.string(), z.unknown()).nullable().describe('Changed fields as `{ field: { from, to } }`'),
  actorId: id.nullable(),
  actorType: z.enum(['user', 'api_key', 'system']),
  actorName: z.string().nullable().describe('The user\'s or API key\'s current name, null when it no longer exists'),
  ip: z.string().nullable(),
  userAgent: nullableText,
  createdAt: timestamp,
})
export type AuditLogRecord = z.infer<typeof auditLogRecord>

export const searchHit = z.object({
  id,
  title: z.string(),
  subtitle: z.string().nullable(),
  score: z.number(),
})
export const searchResult = z.object({
  contacts: z.array(searchHit),
  companies: z.array(searchHit),
  deals: z.array(searchHit),
})
export type SearchHit = z.infer<typeof searchHit>
export type SearchResult = z.infer<typeof searchResult>

/** What `POST /contacts/bulk` answers with: every contact named was processed; `changed` counts those that were not already so. */
export const contactBulkResult = z.object({
  action: z.enum(['assign_owner', 'add_tag', 'remove_tag', 'delete']),
  ids: z.array(id),
  changed: z.number().int(),
})
export type ContactBulkResult = z.infer<typeof contactBulkResult>

/** A record that looks like the one being saved (or looked at), best first. */
export const duplicateCandidate = z.strictObject({
  id,
  name: z.string().meta({ description: 'The contact\'s full name or the company\'s name.' }),
  detail: nullableText.meta({ description: 'What tells it apart at a glance: a contact\'s email or company, a company\'s domain or city.' }),
  matched: z.array(z.enum(DUPLICATE_MATCHES)).min(1).meta({ description: 'What is the same: the normalised email, phone number (E.164), name (for people in either order; for companies without legal form) or website domain.' }),
  score: z.number().min(0).max(1).meta({ description: 'How likely the two are the same, from 0 to 1.' }),
}).meta({ id: 'DuplicateCandidate' })
export type DuplicateCandidate = z.infer<typeof duplicateCandidate>

/** One side of a likely duplicate pair, summarised for telling the two apart. */
export const duplicatePairRecord = z.strictObject({
  id,
  name: z.string().meta({ description: 'The contact\'s full name or the company\'s name.' }),
  email: nullableText.meta({ description: 'A contact\'s email; null for companies.' }),
  phone: nullableText,
  companyName: nullableText.meta({ description: 'A contact\'s company; null for companies.' }),
  website: nullableText.meta({ description: 'A company\'s website; null for contacts.' }),
  city: nullableText.meta({ description: 'A company\'s city; null for contacts.' }),
  createdAt: timestamp,
}).meta({ id: 'DuplicatePairRecord' })

/** A likely duplicate pair found by the background scan. */
export const duplicatePair = z.strictObject({
  id,
  kind: z.enum(DUPLICATE_KINDS),
  score: z.number().min(0).max(1).meta({ description: 'How likely the two are the same, from 0 to 1.' }),
  reasons: z.array(z.enum(DUPLICATE_MATCHES)).min(1).meta({ description: 'Which rules matched: the normalised email, phone number (E.164), name (people in either order; companies without legal form) or website domain.' }),
  foundAt: timestamp.meta({ description: 'When the scan first found the pair.' }),
  records: z.tuple([duplicatePairRecord, duplicatePairRecord]).meta({ description: 'The two records, older first.' }),
}).meta({ id: 'DuplicatePair' })
export type DuplicatePair = z.infer<typeof duplicatePair>

export const duplicatePairDismissed = z.strictObject({
  id,
  dismissedAt: timestamp,
}).meta({ id: 'DuplicatePairDismissed' })
