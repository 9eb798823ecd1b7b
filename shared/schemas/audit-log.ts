import { z } from 'zod'
import { listQuery, uuid } from './common'
import { instantParam } from './list-queries'

/** Audit actions are `resource.verb`, e.g. `contact.update`. */
export const auditAction = z.string().regex(/^[a-z_]+\.[a-z_]+$/)

export const auditEntry = z.object({
  action: auditAction,
  entity: z.string().min(1).max(50),
  entityId: z.uuid().nullable(),
  changes: z.record(z.string(), z.unknown()).nullable(),
})
export type AuditEntry = z.infer<typeof auditEntry>

export const AUDIT_ACTOR_TYPES = ['user', 'api_key', 'system'] as const

/** The audit log (admin+), newest first; `from` inclusive, `to` exclusive. */
export const auditLogListQuery = z.object({
  page: listQuery.shape.page,
  limit: listQuery.shape.limit,
  entity: z.string().trim().regex(/^[a-z_]{1,50}$/, { error: 'must be an entity name such as contact' }).optional(),
  entityId: uuid.optional(),
  actorId: uuid.optional(),
  actorType: z.enum(AUDIT_ACTOR_TYPES).optional(),
  action: z.string().trim().regex(/^[a-z_]+(\.[a-z_]+)?$/, { error: 'must be an action such as contact.update, or a resource such as contact' }).optional(),
  from: instantParam.optional(),
  to: instantParam.optional(),
}).strict()
export type AuditLogListQuery = z.output<typeof auditLogListQuery>

/** One record's history: its audit entries, newest first. */
export const historyQuery = z.object({ page: listQuery.shape.page, limit: listQuery.shape.limit }).strict()
export type HistoryQuery = z.output<typeof historyQuery>
