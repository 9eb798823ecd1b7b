import { and, eq, inArray } from 'drizzle-orm'
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core'
import { companies, contacts, deals, users } from '../../drizzle/schema'
import { validationError, type ErrorDetail } from '../utils/api'
import type { Transaction } from '../utils/tenant'

interface Target { table: PgTable, orgId: AnyPgColumn, id: AnyPgColumn, what: string }

const targets = {
  companyId: { table: companies, orgId: companies.orgId, id: companies.id, what: 'company' },
  contactId: { table: contacts, orgId: contacts.orgId, id: contacts.id, what: 'contact' },
  dealId: { table: deals, orgId: deals.orgId, id: deals.id, what: 'deal' },
  ownerId: { table: users, orgId: users.orgId, id: users.id, what: 'user' },
} satisfies Record<string, Target>

export type ReferenceField = keyof typeof targets
export type References = Partial<Record<ReferenceField, string | null | undefined>>

/**
 * Every id in `refs` must name a row of the caller's organization; otherwise one 400
 * names each offending field. Another tenant's id looks exactly like a missing one.
 */
export async function assertReferences(tx: Transaction, orgId: string, refs: References): Promise<void> {
  const details: ErrorDetail[] = []
  for (const [field, value] of Object.entries(refs) as [ReferenceField, string | null | undefined][]) {
    if (!value) continue
    const target: Target = targets[field]
    const [found] = await tx.select({ id: target.id }).from(target.table)
      .where(and(eq(target.orgId, orgId), inArray(target.id, [value])))
      .limit(1)
    if (!found) details.push({ path: field, message: `no ${target.what} with this id exists in your organization` })
  }
  if (details.length) throw validationError('Invalid reference', details)
}
