import { randomBytes } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { notifications, pipelines, users } from '../../drizzle/schema'
import { resultRows } from '../../server/database/client'
import type { TenantContext } from '../../server/utils/tenant'

// Merging contacts and companies through the services on the real database: what moves,
// what the undo brings back, the 30 days, the privacy task's drop and the erasure.
process.env.DATABASE_URL = inject('databaseUrl')
process.env.PGLITE_DIR = 'memory://'
process.env.PULSE_SEED_DEMO = 'never'
process.env.JWT_SECRET = 'db-merges-test-secret-long-enough-for-hs256'
delete process.env.RESEND_API_KEY

const { useDatabaseHandle, closeDatabase } = await import('../../server/utils/db')
const { runAsTenant } = await import('../../server/database/transaction')
const { seedDemoOrganization } = await import('../../server/database/seed')
const contacts$ = await import('../../server/services/contacts')
const companies$ = await import('../../server/services/companies')
const activities$ = await import('../../server/services/activities')
const deals$ = await import('../../server/services/deals')
const consents$ = await import('../../server/services/privacy/consents')
const audit$ = await import('../../server/services/audit-logs')
const erasure = await import('../../server/services/privacy/erasure')
const merges$ = await import('../../server/services/merges')
const { runPrivacyTasks } = await import('../../server/services/privacy/scheduler')

afterAll(closeDatabase)

const unique = () => randomBytes(4).toString('hex')

interface Org { orgId: string, owner: TenantContext & { userId: string }, memberId: string, pipelineId: string }

async function newOrg(): Promise<Org> {
  const { db } = await useDatabaseHandle()
  const label = unique()
  const seeded = await seedDemoOrganization(db, {
    hashPassword: async () => 'not-a-real-hash', contacts: 2, companies: 1, seed: 7,
    ownerEmail: `owner@merges-${label}.test`, orgName: `Merges ${label}`,
  })
  return runAsTenant(db, seeded.orgId, async (tx) => {
    const people = await tx.select({ id: users.id, role: users.role }).from(users).where(eq(users.orgId, seeded.orgId))
    const [pipeline] = await tx.select({ id: pipelines.id }).from(pipelines).where(eq(pipelines.orgId, seeded.orgId)).limit(1)
    const owner = people.find(p => p.role === 'owner')!
    return {
      orgId: seeded.orgId,
      owner: { orgId: seeded.orgId, userId: owner.id, role: 'owner' as const, actorType: 'user' as const, ip: '192.0.2.9', userAgent: 'vitest' },
      memberId: people.find(p => p.role !== 'owner')!.id,
      pipelineId: pipeline!.id,
    }
  })
}

/** As the schema owner, past RLS: what is really stored. */
async function asOwner<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const { db } = await useDatabaseHandle()
  return resultRows<T>(await db.execute(query))
}

/** The rejection of a promise, or a failure if it resolved. */
async function refused(work: Promise<unknown>): Promise<{ status: number, code: string, message: string, details?: unknown }> {
  try {
    await work
  }
  catch (error) {
    return error as { status: number, code: string, message: string, details?: unknown }
  }
  throw new Error('expected a refusal')
}

async function counts(org: Org) {
  const [row] = await asOwner<{ contacts: number, companies: number }>(sql`
    select (select count from record_counts where org_id = ${org.orgId} and entity = 'contacts')::int as contacts,
           (select count from record_counts where org_id = ${org.orgId} and entity = 'companies')::int as companies`)
  return row!
}

/** Two records of one person with something of every kind attached to each. */
async function twoOfOnePerson(org: Org) {
  const tag = unique()
  const ctx = org.owner
  const company = await companies$.create(ctx, { name: `Werk ${tag} GmbH`, address: { street: null, postalCode: null, city: 'Köln', country: 'DE' } })
  const keep = await contacts$.create(ctx, { firstName: 'Jürgen', lastName: `Müller${tag}`, email: null, phone: '+49 221 555', tags: ['kunde'] })
  const gone = await contacts$.create(ctx, { firstName: 'Juergen', lastName: `Mueller${tag}`, email: `j.${tag}@example.de`, position: 'Einkauf', companyId: company.id, tags: ['messe', 'kunde'] }, { allowDuplicate: true })
  const activity = await activities$.create(ctx, { type: 'call', subject: 'Rückruf', contactId: gone.id })
  const keptActivity = await activities$.create(ctx, { type: 'note', subject: 'Erstkontakt', contactId: keep.id })
  const deal = await deals$.create(ctx, { title: `Angebot ${tag}`, value: '1200', pipelineId: org.pipelineId, contactId: gone.id })
  await consents$.create(ctx, gone.id, { purpose: 'Newsletter', status: 'granted', source: 'Messe' })
  // A colleague's notification about the merged-away contact.
  await contacts$.update(ctx, gone.id, { ownerId: org.memberId }, { allowDuplicate: true })
  return { tag, company, keep, gone, activity, keptActivity, deal }
}

describe('merging contacts', () => {
  it('moves everything attached to the survivor, hides the merged-away one, and the undo brings it all back', async () => {
    const org = await newOrg()
    const ctx = org.owner
    const { keep, gone, activity, keptActivity, deal, company } = await twoOfOnePerson(org)
    const before = await counts(org)
    const [notification] = await runAsTenant((await useDatabaseHandle()).db, org.orgId, tx => tx.select({ id: notifications.id })
      .from(notifications).where(and(eq(notifications.orgId, org.orgId), eq(notifications.recordId, gone.id))))
    expect(notification).toBeDefined()

    // A dry run answers the merged record and writes nothing.
    const preview = await merges$.merge(ctx, 'contact', keep.id, { mergeIds: [gone.id], fields: { firstName: gone.id }, dryRun: true })
    expect(preview.merge).toBeNull()
    expect(preview.record).toMatchObject({ id: keep.id, firstName: 'Juergen', lastName: keep.lastName, email: gone.email, phone: keep.phone, companyId: company.id, tags: ['kunde', 'messe'] })
    expect(preview.moved).toEqual({ activities: 1, deals: 1, notifications: 1 })
    expect(await contacts$.get(ctx, gone.id)).toMatchObject({ id: gone.id, email: gone.email })
    expect(await contacts$.get(ctx, keep.id)).toMatchObject({ firstName: 'Jürgen', email: null })
    expect(await asOwner(sql`select 1 from merges where org_id = ${org.orgId}`)).toEqual([])
    expect(await counts(org)).toEqual(before)

    const done = await merges$.merge(ctx, 'contact', keep.id, { mergeIds: [gone.id], fields: { firstName: gone.id }, dryRun: false })
    expect(done.record).toEqual(preview.record ? { ...preview.record, updatedAt: done.record.updatedAt } : null)
    expect(done.merge).toMatchObject({ entity: 'contact', survivorId: keep.id, mergedIds: [gone.id], mergedNames: [`Juergen ${gone.lastName}`], undoneAt: null })
    expect(new Date(done.merge!.undoableUntil!).getTime() - Date.now()).toBeGreaterThan(29.9 * 86_400_000)

    // The merged-away contact: 404 with the pointer, on read, change and delete alike.
    for (const work of [() => contacts$.get(ctx, gone.id), () => contacts$.update(ctx, gone.id, { position: 'x' }), () => contacts$.remove(ctx, gone.id)]) {
      expect(await refused(work())).toMatchObject({ status: 404, code: 'NOT_FOUND', details: { mergedInto: keep.id } })
    }
    expect(await counts(org)).toEqual({ ...before, contacts: before.contacts - 1 })
    const listed = await contacts$.list(ctx, { page: 1, limit: 100, q: keep.lastName.slice(-8) } as never)
    expect(listed.data.map(c => c.id)).toEqual([keep.id])

    // What was attached now hangs on the survivor; history and consents read through the merge.
    expect((await activities$.get(ctx, activity.id)).contactId).toBe(keep.id)
    expect((await activities$.get(ctx, keptActivity.id)).contactId).toBe(keep.id)
    expect((await deals$.get(ctx, deal.id)).contactId).toBe(keep.id)
    expect((await consents$.list(ctx, keep.id)).map(c => [c.contactId, c.purpose])).toEqual([[gone.id, 'Newsletter']])
    const history = await audit$.history(ctx, 'contact', keep.id, { page: 1, limit: 100 })
    const actions = history.data.map(e => `${e.entityId === keep.id ? 'keep' : 'gone'}:${e.action}`)
    expect(actions).toEqual(expect.arrayContaining(['keep:contact.merge', 'gone:contact.create', 'gone:contact.update', 'keep:contact.create']))
    // The merged-away one's own merge entry stays in its history, not repeated in the survivor's.
    expect(actions).not.toContain('gone:contact.merge')
    const createdGone = history.data.find(e => e.entityId === gone.id && e.action === 'contact.create')!
    expect(createdGone.changes).toMatchObject({ email: { from: null, to: gone.email } })
    expect(history.data.find(e => e.entityId === keep.id && e.action === 'contact.merge')!.changes).toMatchObject({
      firstName: { from: 'Jürgen', to: 'Juergen' }, email: { from: null, to: gone.email }, mergedIds: { from: null, to: [gone.id] },
    })
    const [moved] = await asOwner<{ record_id: string }>(sql`select record_id from notifications where org_id = ${org.orgId} and id = ${notification!.id}`)
    expect(moved!.record_id).toBe(keep.id)
    expect(await merges$.mergesInto(ctx, 'contact', keep.id)).toEqual([done.merge])

    // Changed since the merge: the undo keeps that edit and puts back the rest.
    await contacts$.update(ctx, keep.id, { position: 'Leitung Einkauf' })
    const undone = await merges$.undo(ctx, 'contact', done.merge!.id)
    expect(undone).toMatchObject({ restoredIds: [gone.id], moved: { activities: 1, deals: 1, notifications: 1 }, merge: { undoableUntil: null } })
    expect(undone.merge.undoneAt).not.toBeNull()
    expect(await contacts$.get(ctx, gone.id)).toMatchObject({ id: gone.id, firstName: 'Juergen', email: gone.email, ownerId: org.memberId, companyId: company.id, tags: ['messe', 'kunde'], createdAt: gone.createdAt })
    expect(await contacts$.get(ctx, keep.id)).toMatchObject({ firstName: 'Jürgen', email: null, tags: ['kunde'], position: 'Leitung Einkauf', companyId: null })
    expect((await activities$.get(ctx, activity.id)).contactId).toBe(gone.id)
    expect((await activities$.get(ctx, keptActivity.id)).contactId).toBe(keep.id)
    expect((await deals$.get(ctx, deal.id)).contactId).toBe(gone.id)
    expect((await consents$.list(ctx, keep.id))).toEqual([])
    expect((await consents$.list(ctx, gone.id)).length).toBe(1)
    const [back] = await asOwner<{ record_id: string }>(sql`select record_id from notifications where org_id = ${org.orgId} and id = ${notification!.id}`)
    expect(back!.record_id).toBe(gone.id)
    expect(await counts(org)).toEqual(before)
    // The duplicate keys came back with the record: it is a candidate of the survivor again.
    expect((await contacts$.list(ctx, { page: 1, limit: 100, q: keep.lastName.slice(-8) } as never)).data.length).toBe(2)
    expect((await audit$.history(ctx, 'contact', keep.id, { page: 1, limit: 100 })).data[0]!.action).toBe('contact.merge_undo')
    expect(await refused(merges$.undo(ctx, 'contact', done.merge!.id))).toMatchObject({ status: 409, code: 'CONFLICT', message: expect.stringContaining('already undone') })
  })

  it('refuses bad choices, itself, other organizations\' ids and missing ids, and changes nothing', async () => {
    const [org, other] = await Promise.all([newOrg(), newOrg()])
    const { keep, gone } = await twoOfOnePerson(org)
    const stranger = await contacts$.create(other.owner, { firstName: 'Fremd', lastName: unique(), tags: [] })
    expect(await refused(merges$.merge(org.owner, 'contact', keep.id, { mergeIds: [keep.id], fields: {}, dryRun: false }))).toMatchObject({ status: 400, code: 'VALIDATION_ERROR' })
    expect(await refused(merges$.merge(org.owner, 'contact', keep.id, { mergeIds: [gone.id], fields: { email: stranger.id }, dryRun: false }))).toMatchObject({
      status: 400, details: [{ path: 'fields.email', message: expect.any(String) }],
    })
    expect(await refused(merges$.merge(org.owner, 'contact', keep.id, { mergeIds: [gone.id, stranger.id], fields: {}, dryRun: false }))).toMatchObject({
      status: 404, code: 'NOT_FOUND', details: [{ path: 'mergeIds.1' }],
    })
    expect(await refused(merges$.merge(org.owner, 'contact', stranger.id, { mergeIds: [gone.id], fields: {}, dryRun: false }))).toMatchObject({ status: 404 })
    // From the other side: this organization's merge and records are not there.
    const done = await merges$.merge(org.owner, 'contact', keep.id, { mergeIds: [gone.id], fields: {}, dryRun: false })
    expect(await refused(merges$.undo(other.owner, 'contact', done.merge!.id))).toMatchObject({ status: 404 })
    expect(await refused(contacts$.get(other.owner, gone.id))).toMatchObject({ status: 404, details: undefined })
    expect(await refused(merges$.undo(org.owner, 'company', done.merge!.id))).toMatchObject({ status: 404 })
    expect(await contacts$.get(other.owner, stranger.id)).toMatchObject({ id: stranger.id })
  })

  it('follows merges in a chain, and undoes the later one first', async () => {
    const org = await newOrg()
    const ctx = org.owner
    const [a, b, c] = await Promise.all(['A', 'B', 'C'].map(n => contacts$.create(ctx, { firstName: n, lastName: unique(), tags: [] })))
    const first = await merges$.merge(ctx, 'contact', b!.id, { mergeIds: [a!.id], fields: {}, dryRun: false })
    const second = await merges$.merge(ctx, 'contact', c!.id, { mergeIds: [b!.id], fields: {}, dryRun: false })
    expect(await refused(contacts$.get(ctx, a!.id))).toMatchObject({ details: { mergedInto: c!.id } })
    expect(await refused(merges$.undo(ctx, 'contact', first.merge!.id))).toMatchObject({ status: 409, message: expect.stringContaining('undo that merge first') })
    await merges$.undo(ctx, 'contact', second.merge!.id)
    await merges$.undo(ctx, 'contact', first.merge!.id)
    expect((await Promise.all([a, b, c].map(x => contacts$.get(ctx, x!.id)))).map(x => x.firstName)).toEqual(['A', 'B', 'C'])
  })

  it('refuses an undo after 30 days, and the privacy task drops such snapshots', async () => {
    const org = await newOrg()
    const ctx = org.owner
    const { keep, gone } = await twoOfOnePerson(org)
    const done = await merges$.merge(ctx, 'contact', keep.id, { mergeIds: [gone.id], fields: {}, dryRun: false })
    await asOwner(sql`update merges set created_at = now() - interval '29 days 23 hours' where org_id = ${org.orgId}`)
    expect((await merges$.mergesInto(ctx, 'contact', keep.id))[0]!.undoableUntil).not.toBeNull()
    await runPrivacyTasks({ intervalMs: 0, everyHours: 24 })
    expect(await asOwner(sql`select 1 from merges where org_id = ${org.orgId} and snapshot is not null`)).toHaveLength(1)

    await asOwner(sql`update merges set created_at = now() - interval '30 days 1 minute' where org_id = ${org.orgId}`)
    expect(await refused(merges$.undo(ctx, 'contact', done.merge!.id))).toMatchObject({ status: 409, code: 'CONFLICT', message: expect.stringContaining('30 days') })
    const report = await runPrivacyTasks({ intervalMs: 0, everyHours: 24 })
    expect(report.expiredMergeSnapshots).toBeGreaterThanOrEqual(1)
    expect(await asOwner(sql`select 1 from merges where org_id = ${org.orgId} and snapshot is not null`)).toEqual([])
    // The merge itself stays: the old id still leads to the survivor, and nothing of the merged-away values is left.
    expect(await refused(contacts$.get(ctx, gone.id))).toMatchObject({ details: { mergedInto: keep.id } })
    expect(await asOwner(sql`select 1 from merges where org_id = ${org.orgId} and position(${gone.email!} in coalesce(snapshot::text, '')) > 0`)).toEqual([])
    expect((await merges$.mergesInto(ctx, 'contact', keep.id))[0]).toMatchObject({ undoableUntil: null, mergedNames: [] })
  })

  it('an erasure of the survivor erases the merged-away person and the merge with its snapshot', async () => {
    const org = await newOrg()
    const ctx = org.owner
    const { keep, gone, deal } = await twoOfOnePerson(org)
    await merges$.merge(ctx, 'contact', keep.id, { mergeIds: [gone.id], fields: {}, dryRun: false })
    const result = await erasure.eraseContact(ctx, keep.id, { reason: 'Art. 17 request' })
    expect(result.summary).toMatchObject({ merged: 1, consents: 1, deals: 1 })
    // The merged-away one's email was only in its own record, its history and the snapshot.
    const [found] = await asOwner<{ n: number }>(sql`
      select ((select count(*) from merges where org_id = ${org.orgId})
            + (select count(*) from consents where org_id = ${org.orgId} and contact_id = ${gone.id})
            + (select count(*) from audit_logs where org_id = ${org.orgId} and position(${gone.email!} in coalesce(changes::text, '')) > 0))::int as n`)
    expect(found!.n).toBe(0)
    expect((await deals$.get(ctx, deal.id)).contactId).toBeNull()
    expect(await refused(contacts$.get(ctx, gone.id))).toMatchObject({ status: 404, details: undefined })
    expect(await asOwner(sql`select 1 from merges m where m.org_id = ${org.orgId}`)).toEqual([])
  })
})

describe('merging companies', () => {
  it('moves contacts, deals and activities, takes the address as one, and undoes', async () => {
    const org = await newOrg()
    const ctx = org.owner
    const tag = unique()
    const keep = await companies$.create(ctx, { name: `Bäckerei ${tag} GmbH`, website: null, address: { street: 'Hauptstr. 1', postalCode: '50667', city: 'Köln', country: 'DE' } })
    const gone = await companies$.create(ctx, { name: `Baeckerei ${tag}`, website: `https://baeckerei-${tag}.de`, industry: 'Food', address: { street: 'Ring 2', postalCode: '10115', city: 'Berlin', country: 'DE' } }, { allowDuplicate: true })
    const person = await contacts$.create(ctx, { firstName: 'Kim', lastName: tag, companyId: gone.id, tags: [] })
    const activity = await activities$.create(ctx, { type: 'meeting', subject: 'Besuch', companyId: gone.id })
    const deal = await deals$.create(ctx, { title: `Brot ${tag}`, value: '0', pipelineId: org.pipelineId, companyId: gone.id })
    const before = await counts(org)
    const done = await merges$.merge(ctx, 'company', keep.id, { mergeIds: [gone.id], fields: { address: gone.id }, dryRun: false })
    expect(done.record).toMatchObject({ name: keep.name, website: gone.website, industry: 'Food', address: { street: 'Ring 2', postalCode: '10115', city: 'Berlin', country: 'DE' } })
    expect(done.moved).toEqual({ contacts: 1, activities: 1, deals: 1, notifications: 0 })
    expect((await contacts$.get(ctx, person.id)).companyId).toBe(keep.id)
    expect(await refused(companies$.get(ctx, gone.id))).toMatchObject({ status: 404, details: { mergedInto: keep.id } })
    expect(await counts(org)).toEqual({ ...before, companies: before.companies - 1 })
    await merges$.undo(ctx, 'company', done.merge!.id)
    expect((await contacts$.get(ctx, person.id)).companyId).toBe(gone.id)
    expect((await activities$.get(ctx, activity.id)).companyId).toBe(gone.id)
    expect((await deals$.get(ctx, deal.id)).companyId).toBe(gone.id)
    expect(await companies$.get(ctx, keep.id)).toMatchObject({ website: null, industry: null, address: keep.address })
    expect(await companies$.get(ctx, gone.id)).toMatchObject({ website: gone.website, address: gone.address })
  })
})
