import { and, asc, eq, inArray } from 'drizzle-orm'
import { consents, users } from '../../../drizzle/schema'
import type { ConsentCreate } from '../../../shared/schemas'
import { recordAudit } from '../../utils/audit'
import { auditActor } from '../../utils/auth'
import { withTenant, type Transaction, type TenantContext } from '../../utils/tenant'
import { assertContact } from './records'
import { mergedInto } from '../merge-trail'

/**
 * The ledger of one contact with the name of whoever recorded each entry, oldest first:
 * `contactIds` are the contact and those merged into it (whose entries stay as recorded).
 */
export function selectConsents(tx: Transaction, orgId: string, contactIds: string[]) {
  return tx
    .select({
      id: consents.id,
      contactId: consents.contactId,
      purpose: consents.purpose,
      status: consents.status,
      occurredAt: consents.occurredAt,
      source: consents.source,
      recordedById: consents.recordedBy,
      recordedByName: users.name,
      recordedByType: consents.recordedByType,
      createdAt: consents.createdAt,
    })
    .from(consents)
    .leftJoin(users, and(eq(consents.recordedByType, 'user'), eq(users.orgId, orgId), eq(users.id, consents.recordedBy)))
    .where(and(eq(consents.orgId, orgId), inArray(consents.contactId, contactIds)))
    .orderBy(asc(consents.occurredAt), asc(consents.id))
}

/** The ids whose consent entries are this contact's: its own and those of the contacts merged into it. */
export async function ledgerOf(tx: Transaction, orgId: string, contactId: string): Promise<string[]> {
  return [contactId, ...await mergedInto(tx, orgId, 'contact', contactId)]
}

type Row = Awaited<ReturnType<typeof selectConsents>>[number]

function shape({ recordedById, recordedByName, ...row }: Row) {
  return { ...row, recordedBy: recordedById && recordedByName !== null ? { id: recordedById, name: recordedByName } : null }
}
export type Consent = ReturnType<typeof shape>

/** Every consent entry of a contact, oldest first (the latest entry per purpose is what holds). */
export async function list(ctx: TenantContext, contactId: string): Promise<Consent[]> {
  return withTenant(ctx, async (tx) => {
    await assertContact(tx, ctx.orgId, contactId)
    return (await selectConsents(tx, ctx.orgId, await ledgerOf(tx, ctx.orgId, contactId))).map(shape)
  })
}

/** Appends one entry; nothing in the ledger is ever changed (a withdrawal is a new entry). */
export async function create(ctx: TenantContext, contactId: string, input: ConsentCreate): Promise<Consent> {
  return withTenant(ctx, async (tx) => {
    await assertContact(tx, ctx.orgId, contactId, true)
    const { actorId, actorType } = auditActor(ctx)
    const [row] = await tx.insert(consents).values({
      orgId: ctx.orgId,
      contactId,
      purpose: input.purpose,
      status: input.status,
      occurredAt: input.occurredAt ? new Date(input.occurredAt) : new Date(),
      source: input.source,
      recordedBy: actorId,
      recordedByType: actorType,
    }).returning({ id: consents.id })
    await recordAudit(tx, ctx, {
      action: `contact.consent_${input.status === 'granted' ? 'grant' : 'withdraw'}`,
      entity: 'contact',
      entityId: contactId,
      changes: { purpose: { from: null, to: input.purpose }, source: { from: null, to: input.source } },
    })
    const all = await selectConsents(tx, ctx.orgId, [contactId])
    return shape(all.find(c => c.id === row!.id)!)
  })
}
