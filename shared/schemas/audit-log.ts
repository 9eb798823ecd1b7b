import { z } from 'zod'

/** Audit actions are `resource.verb`, e.g. `contact.update`. */
export const auditAction = z.string().regex(/^[a-z_]+\.[a-z_]+$/)

export const auditEntry = z.object({
  action: auditAction,
  entity: z.string().min(1).max(50),
  entityId: z.uuid().nullable(),
  changes: z.record(z.string(), z.unknown()).nullable(),
})
export type AuditEntry = z.infer<typeof auditEntry>
