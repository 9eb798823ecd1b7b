import { and, count, eq, inArray, ne, or, sql } from 'drizzle-orm'
import {
  activities, consents, contacts, deals, duplicatePairs, duplicateScanQueue, erasures, idempotencyKeys, importChunks, importMatches, importRecords, imports, notifications, users,
} from '../../../drizzle/schema'
import { IMPORT_FILE_ERASED } from '../imports'
import type { ContactErase } from '../../../shared/schemas'
import { conflict } from '../../utils/api'
import { recordAudit } from '../../utils/audit'
import { auditActor } from '../../utils/auth'
import { withTenant, type Transaction, type TenantContext } from '../../utils/tenant'
import { recordGone, mergedInto } from '../merge-trail'
import { forgetMerges, mergedPeople } from '../merges'

/** What an erased text becomes: the event stays readable, the person does not. */
export const ERASED = '[erased]'

/**
 * The person's values, in two reaches. `everywhere`: what names this person and no one else
 * (full name in both orders, email, phone), scrubbed from every text of the organization.
 * `aboutThem`: also each name alone and the email's local part, scrubbed only from what
 * was about them (their deals, the erasure's reason) — a first name alone would blank every
 * other "Anna" of the organization. Shorter than three characters, nothing is scrubbed.
 * Longest first, so "Erika Mustermann" goes as one before "Erika" could split it.
 */
export function identifyingValues(contact: { firstName: string, lastName: string, email: string | null, phone: string | null }): { everywhere: string[], aboutThem: string[] } {
  const clean = (values: (string | null | undefined)[]) => [...new Set(values.filter((v): v is string => !!v && v.trim().length >= 3).map(v => v.trim()))]
    .sort((a, b) => b.length - a.length)
  const everywhere = clean([`${contact.firstName} ${contact.lastName}`, `${contact.lastName}, ${contact.firstName}`, contact.email, contact.phone])
  return { everywhere, aboutThem: clean([...everywhere, contact.firstName, contact.lastName, contact.email?.split('@')[0]]) }
}

/** The identifying values of several records of one person, longest first. */
function allValues(people: Parameters<typeof identifyingValues>[0][]): ReturnType<typeof identifyingValues> {
  const each = people.map(identifyingValues)
  const union = (lists: string[][]) => [...new Set(lists.flat())].sort((a, b) => b.length - a.length)
  return { everywhere: union(each.map(v => v.everywhere)), aboutThem: union(each.map(v => v.aboutThem)) }
}

/** A text[] parameter that both drivers pass the same way (as JSON). */
export function textArray(values: string[]) {
  return sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`
}

function scrub(text: string, values: string[]): string {
  let result = text
  for (const value of values) {
    const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    result = result.replace(new RegExp(`(^|[^\\p{L}\\p{N}_])${escaped}(?=$|[^\\p{L}\\p{N}_])`, 'giu'), `$1${ERASED}`)
  }
  return result
}

export interface ErasureResult {
  id: string
  contactId: string
  reason: string
  summary: Record<string, number>
  createdAt: Date
}

/**
 * Erases a contact (Art. 17 DSGVO) in one transaction: the contact row goes; activities
 * about them lose subject and note and the link; deals stay with the link cleared; their
 * name, email and phone are scrubbed from every deal title and activity text of the
 * organization; their consent records go; audit entries about them (and their
 * activities) keep the event but lose every value, and other entries lose the person's
 * values; stored idempotent answers that contain them are purged. The erasure itself is
 * recorded — who, when, why (scrubbed), how many rows — and a second erasure is a 409.
 */
export async function eraseContact(ctx: TenantContext, contactId: string, input: ContactErase): Promise<ErasureResult> {
  return withTenant(ctx, tx => eraseInTransaction(tx, ctx, contactId, input.reason))
}

export async function eraseInTransaction(tx: Transaction, ctx: TenantContext, contactId: string, reason: string): Promise<ErasureResult> {
  const orgId = ctx.orgId
  const [contact] = await tx.select().from(contacts)
    .where(and(eq(contacts.orgId, orgId), eq(contacts.id, contactId)))
    .for('update')
  if (!contact) {
    const [done] = await tx.select({ createdAt: erasures.createdAt }).from(erasures)
      .where(and(eq(erasures.orgId, orgId), eq(erasures.contactId, contactId)))
    if (done) throw conflict(`This contact was already erased on ${done.createdAt.toISOString()}`)
    throw await recordGone(tx, orgId, 'contact', contactId)
  }
  // A running import reads its stored file, which may name the person: erase once it is done.
  const withFiles = await tx.select({ id: imports.id, status: imports.status }).from(imports)
    .where(and(eq(imports.orgId, orgId), sql`exists (select 1 from import_chunks c where c.org_id = ${imports.orgId} and c.import_id = ${imports.id})`))
  if (withFiles.some(i => i.status === 'running')) throw conflict('An import is running in this organization; erase the person once it has finished')
  // The contacts merged into this one were the same person: their traces go too.
  const merged = await mergedInto(tx, orgId, 'contact', contactId)
  const values = allValues([contact, ...await mergedPeople(tx, orgId, merged)])
  const personIds = [contactId, ...merged]
  const theirActivities = await tx.select({ id: activities.id }).from(activities)
    .where(and(eq(activities.orgId, orgId), eq(activities.contactId, contactId)))
  const activityIds = theirActivities.map(a => a.id)
  const theirDeals = await tx.select({ id: deals.id }).from(deals).where(and(eq(deals.orgId, orgId), eq(deals.contactId, contactId)))
  const dealIds = theirDeals.map(d => d.id)
  const [consentCount] = await tx.select({ n: count() }).from(consents).where(and(eq(consents.orgId, orgId), inArray(consents.contactId, personIds)))

  // Recorded first: the database functions below refuse to run without this row in this transaction.
  const cleanReason = scrub(reason, values.aboutThem)
  const { actorId, actorType } = auditActor(ctx)
  const summary: Record<string, number> = { activities: activityIds.length, deals: dealIds.length, consents: consentCount!.n, ...(merged.length && { merged: merged.length }) }
  const [erasure] = await tx.insert(erasures).values({ orgId, contactId, reason: cleanReason, actorId, actorType, summary })
    .returning({ id: erasures.id, createdAt: erasures.createdAt })

  if (activityIds.length) {
    await tx.update(activities).set({ subject: ERASED, note: null, contactId: null })
      .where(and(eq(activities.orgId, orgId), inArray(activities.id, activityIds)))
  }
  // Their deals stay, unlinked, with every value of the person scrubbed from the title ("Projekt Mustermann").
  const aboutThem = textArray(values.aboutThem)
  if (dealIds.length) {
    await tx.update(deals).set({ contactId: null, title: sql`privacy_scrub_text(${deals.title}, ${aboutThem})` })
      .where(and(eq(deals.orgId, orgId), inArray(deals.id, dealIds)))
  }
  await tx.delete(contacts).where(and(eq(contacts.orgId, orgId), eq(contacts.id, contactId)))

  // Other texts of the organization that name the person (a deal "Angebot Erika Mustermann").
  const valueArray = textArray(values.everywhere)
  const scrubbedDeals = await tx.update(deals)
    .set({ title: sql`privacy_scrub_text(${deals.title}, ${valueArray})` })
    .where(and(eq(deals.orgId, orgId), ne(deals.title, sql`privacy_scrub_text(${deals.title}, ${valueArray})`)))
    .returning({ id: deals.id })
  const scrubbedActivities = await tx.update(activities)
    .set({
      subject: sql`privacy_scrub_text(${activities.subject}, ${valueArray})`,
      note: sql`privacy_scrub_text(${activities.note}, ${valueArray})`,
    })
    .where(and(eq(activities.orgId, orgId), or(
      ne(activities.subject, sql`privacy_scrub_text(${activities.subject}, ${valueArray})`),
      ne(activities.note, sql`privacy_scrub_text(${activities.note}, ${valueArray})`),
    )))
    .returning({ id: activities.id })

  await tx.execute(sql`select privacy_erase_consents(${contactId}::uuid)`)
  if (merged.length) await tx.execute(sql`select privacy_erase_merged_consents(${contactId}::uuid, ${textArray(merged)}::uuid[])`)
  // The merges that went into them, with the snapshots that could restore them.
  await forgetMerges(tx, orgId, personIds)

  // Notifications: those about the person go; those about their activities, or whose title names them, keep no trace.
  await tx.delete(notifications).where(and(eq(notifications.orgId, orgId), eq(notifications.recordType, 'contact'), inArray(notifications.recordId, personIds)))
  if (activityIds.length) {
    await tx.update(notifications).set({ data: sql`jsonb_set(${notifications.data}, '{title}', to_jsonb(${ERASED}::text))` })
      .where(and(eq(notifications.orgId, orgId), eq(notifications.recordType, 'activity'), inArray(notifications.recordId, activityIds)))
  }
  const notificationTitle = sql`${notifications.data}->>'title'`
  const scrubbedNotifications = await tx.update(notifications)
    .set({ data: sql`jsonb_set(${notifications.data}, '{title}', to_jsonb(privacy_scrub_text(${notificationTitle}, ${valueArray})))` })
    .where(and(eq(notifications.orgId, orgId), sql`${notificationTitle} is not null`, ne(notificationTitle, sql`privacy_scrub_text(${notificationTitle}, ${valueArray})`)))
    .returning({ id: notifications.id })

  // What imports kept of them: the values an import overwrote (for its undo), and uploaded
  // files that could still run. Those files go; their imports keep history and undo, but
  // need the file uploaded again to continue.
  await tx.delete(importRecords).where(and(eq(importRecords.orgId, orgId), inArray(importRecords.recordId, [...personIds, ...dealIds])))
  await tx.delete(importMatches).where(and(eq(importMatches.orgId, orgId), inArray(importMatches.recordId, personIds)))
  // The duplicate scan's pairs with them (the merged-away side's too), dismissed ones included: nothing keeps their id.
  await tx.delete(duplicatePairs).where(and(eq(duplicatePairs.orgId, orgId), eq(duplicatePairs.kind, 'contact'), or(inArray(duplicatePairs.recordA, personIds), inArray(duplicatePairs.recordB, personIds))))
  await tx.delete(duplicateScanQueue).where(and(eq(duplicateScanQueue.orgId, orgId), eq(duplicateScanQueue.kind, 'contact'), inArray(duplicateScanQueue.recordId, personIds)))
  if (withFiles.length) {
    const ids = withFiles.map(i => i.id)
    await tx.delete(importChunks).where(and(eq(importChunks.orgId, orgId), inArray(importChunks.importId, ids)))
    await tx.update(imports).set({ status: 'failed', failure: IMPORT_FILE_ERASED })
      .where(and(eq(imports.orgId, orgId), inArray(imports.id, ids), inArray(imports.status, ['uploaded', 'mapped', 'interrupted', 'cancelled', 'failed'])))
  }
  const ids = sql`${textArray([...personIds, ...activityIds])}::uuid[]`
  await tx.execute(sql`select privacy_pseudonymise_audit(${ids}, ${valueArray})`)
  if (dealIds.length) await tx.execute(sql`select privacy_scrub_audit_of(${textArray(dealIds)}::uuid[], ${aboutThem})`)

  // Stored replies to retried POSTs (kept a day) may hold the person's record.
  const purged = await tx.delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.orgId, orgId), or(
      sql`position(${contactId} in ${idempotencyKeys.responseBody}::text) > 0`,
      sql`privacy_scrub_text(${idempotencyKeys.responseBody}::text, ${valueArray}) <> ${idempotencyKeys.responseBody}::text`,
    )))
    .returning({ id: idempotencyKeys.id })

  await recordAudit(tx, ctx, {
    action: 'contact.erase',
    entity: 'contact',
    entityId: contactId,
    // The shape of every entry ({ field: { from, to } }), so the audit screens show it as they show others.
    changes: Object.fromEntries(Object.entries({
      reason: cleanReason,
      activities: activityIds.length,
      deals: dealIds.length,
      consents: consentCount!.n,
      otherDealTitles: scrubbedDeals.length,
      otherActivityTexts: scrubbedActivities.length,
      idempotentAnswers: purged.length,
      notificationTitles: scrubbedNotifications.length,
    }).map(([field, value]) => [field, { from: null, to: value }])),
  })
  return { id: erasure!.id, contactId, reason: cleanReason, summary, createdAt: erasure!.createdAt }
}

/** The erasure log of the organization (admin+), newest first. */
export async function listErasures(ctx: TenantContext) {
  return withTenant(ctx, async (tx) => {
    const rows = await tx.select({
      id: erasures.id, contactId: erasures.contactId, reason: erasures.reason, actorId: erasures.actorId, actorType: erasures.actorType,
      actorName: users.name, summary: erasures.summary, createdAt: erasures.createdAt,
    }).from(erasures)
      .leftJoin(users, and(eq(erasures.actorType, 'user'), eq(users.orgId, ctx.orgId), eq(users.id, erasures.actorId)))
      .where(eq(erasures.orgId, ctx.orgId))
      .orderBy(sql`${erasures.createdAt} desc`, sql`${erasures.id} desc`)
      .limit(100)
    return rows.map(({ actorId, actorName, ...row }) => ({ ...row, erasedBy: actorId && actorName !== null ? { id: actorId, name: actorName } : null }))
  })
}
