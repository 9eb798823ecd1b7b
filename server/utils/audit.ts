import { auditLogs } from '../../drizzle/schema'
import { auditActor } from './auth'
import type { TenantContext, Transaction } from './tenant'

/** A field's value before and after a change, as the audit trail stores it. */
export interface FieldChange { from: unknown, to: unknown }
export type Changes = Record<string, FieldChange>

/** Dates as ISO strings and `undefined` as null, so entries compare and serialise the same way. */
function comparable(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString()
  return value === undefined ? null : value
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(comparable(a)) === JSON.stringify(comparable(b))
}

/**
 * The fields of `after` whose value differs from `before`, as `{ field: { from, to } }`;
 * `null` when nothing changed. Only the keys of `after` are compared.
 */
export function changesBetween<T extends object>(before: T, after: Partial<T>): Changes | null {
  const changes: Changes = {}
  for (const key of Object.keys(after) as (keyof T & string)[]) {
    if (!same(before[key], after[key])) changes[key] = { from: comparable(before[key]), to: comparable(after[key]) }
  }
  return Object.keys(changes).length ? changes : null
}

/** A record's fields as the `changes` of a create or delete entry: `{ field: { from: null, to } }` or the reverse. */
export function snapshotChanges(record: object, direction: 'created' | 'deleted'): Changes {
  const changes: Changes = {}
  for (const [key, value] of Object.entries(record)) {
    if (key === 'id' || key === 'createdAt' || key === 'updatedAt') continue
    if (value === null || value === undefined || (Array.isArray(value) && !value.length)) continue
    changes[key] = direction === 'created' ? { from: null, to: comparable(value) } : { from: comparable(value), to: null }
  }
  return changes
}

export interface AuditEvent {
  /** `resource.verb`, e.g. `contact.update`. */
  action: string
  entity: string
  entityId: string | null
  changes?: Record<string, unknown> | null
}

/** Writes one audit entry in the caller's transaction, so it commits or rolls back with the change. */
export async function recordAudit(tx: Transaction, ctx: TenantContext, event: AuditEvent): Promise<void> {
  await tx.insert(auditLogs).values({ orgId: ctx.orgId, ...auditActor(ctx), ...event, changes: event.changes ?? null })
}
