import { and, eq } from 'drizzle-orm'
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core'
import { activities, companies, contacts, deals, users } from '../../drizzle/schema'
import { validationError, type ErrorDetail } from '../utils/api'
import type { Transaction } from '../utils/tenant'

interface Target { table: PgTable, orgId: AnyPgColumn, id: AnyPgColumn, what: string }

const targets = {
  companyId: { table: companies, orgId: companies.orgId, id: companies.id, what: 'company' },
  contactId: { table: contacts, orgId: contacts.orgId, id: contacts.id, what: 'contact' },
  dealId: { table: deals, orgId: deals.orgId, id: deals.id, what: 'deal' },
  activityId: { table: activities, orgId: activities.orgId, id: activities.id, what: 'activity' },
  ownerId: { table: users, orgId: users.orgId, id: users.id, what: 'user' },
} satisfies Record<string, Target>

export type ReferenceField = keyof typeof targets
export type References = Partial<Record<ReferenceField, string | null | undefined>>

/** Whether the organization has a row with this id in the table `field` refers to. */
export async function recordExists(tx: Transaction, orgId: string, field: ReferenceField, id: string): Promise<boolean> {
  const target: Target = targets[field]
  const [found] = await tx.select({ id: target.id }).from(target.table).where(and(eq(target.orgId, orgId), eq(target.id, id))).limit(1)
  return !!found
}

/**
 * Every id in `refs` must name a row of the caller's organization; otherwise one 400
 * names each offending field. Another tenant's id looks exactly like a missing one.
 */
export async function assertReferences(tx: Transaction, orgId: string, refs: References): Promise<void> {
  const details: ErrorDetail[] = []
  for (const [field, value] of Object.entries(refs) as [ReferenceField, string | null | undefined][]) {
    if (!value) continue
    if (!(await recordExists(tx, orgId, field, value))) details.push({ path: field, message: `no ${targets[field].what} with this id exists in your organization` })
  }
  if (details.length) throw validationError('Invalid reference', details)
}
