import { randomBytes } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { activities, auditLogs, consents, contacts, deals, organizations, retentionRules, users } from '../../drizzle/schema'
import { resultRows } from '../../server/database/client'
import type { TenantContext } from '../../server/utils/tenant'

// The services reach the database through the process-wide handle, configured by the environment.
process.env.DATABASE_URL = inject('databaseUrl')
process.env.PGLITE_DIR = 'memory://'
process.env.PULSE_SEED_DEMO = 'never'
process.env.JWT_SECRET = 'db-privacy-test-secret-long-enough-for-hs256'
process.env.PULSE_ORG_DELETION_GRACE_DAYS = '0'
delete process.env.RESEND_API_KEY

const { useDatabaseHandle, closeDatabase } = await import('../../server/utils/db')
const { runAsTenant } = await import('../../server/database/transaction')
const { seedDemoOrganization } = await import('../../server/database/seed')
const contacts$ = await import('../../server/services/contacts')
const activities$ = await import('../../server/services/activities')
const deals$ = await import('../../server/services/deals')
const consents$ = await import('../../server/services/privacy/consents')
const erasure = await import('../../server/services/privacy/erasure')
const retention = await import('../../server/services/privacy/retention')
const deletion = await import('../../server/services/privacy/org-deletion')
const { runPrivacyTasks } = await import('../../server/services/privacy/scheduler')

afterAll(closeDatabase)

const unique = () => randomBytes(4).toString('hex')

interface Org { orgId: string, owner: TenantContext & { userId: string } }

async function newOrg(contactCount = 6): Promise<Org> {
  const { db } = await useDatabaseHandle()
  const label = unique()
  const seeded = await seedDemoOrganization(db, {
    hashPassword: async () => 'not-a-real-hash', contacts: contactCount, companies: 2, seed: 11,
    ownerEmail: `owner@privacy-${label}.test`, orgName: `Privacy ${label}`,
  })
  const [owner] = await runAsTenant(db, seeded.orgId, tx => tx.select({ id: users.id }).from(users)
    .where(and(eq(users.orgId, seeded.orgId), eq(users.role, 'owner'))))
  return { orgId: seeded.orgId, owner: { orgId: seeded.orgId, userId: owner!.id, role: 'owner', actorType: 'user', ip: '192.0.2.7', userAgent: 'vitest' } }
}

/** As the schema owner (no tenant, no runtime role): what a backup or `pg_dump` would see. */
async function asOwner<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const { db } = await useDatabaseHandle()
  return resultRows<T>(await db.execute(query))
}

/** Every text-like column of every table holding `value` anywhere (case-insensitive): table.column → rows. */
async function whereFound(value: string): Promise<Record<string, number>> {
  const columns = await asOwner<{ table_name: string, column_name: string }>(sql`
    select table_name, column_name from information_schema.columns
     where table_schema = 'public' and data_type in ('text', 'character varying', 'character', 'jsonb', 'json', 'ARRAY', 'inet')`)
  const found: Record<string, number> = {}
  for (const { table_name: table, column_name: column } of columns) {
    const [row] = await asOwner<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)} where position(lower(${value}) in lower(${sql.identifier(column)}::text)) > 0`)
    if (row!.n) found[`${table}.${column}`] = row!.n
  }
  return found
}

/** The database's own message of a failed statement (drizzle wraps it in "Failed query: …"). */
async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work
  }
  catch (error) {
    const e = error as { message: string, cause?: { message?: string } }
    return e.cause?.message ?? e.message
  }
  throw new Error('the statement was not refused')
}

const inTenant = async <T>(org: Org, work: Parameters<typeof runAsTenant<T>>[2]) => runAsTenant((await useDatabaseHandle()).db, org.orgId, work)

const orgA = await newOrg()
const orgB = await newOrg()

describe('the consent ledger is append-only for the runtime role', () => {
  it('refuses UPDATE and DELETE, and the erasure function outside a recorded erasure', async () => {
    const contact = await contacts$.create(orgA.owner, { firstName: 'Lea', lastName: `Ledger${unique()}`, tags: [] })
    const entry = await consents$.create(orgA.owner, contact.id, { purpose: 'Newsletter', status: 'granted', source: 'Formular' })
    expect(await refusal(inTenant(orgA, tx => tx.update(consents).set({ status: 'withdrawn' }).where(eq(consents.id, entry.id))))).toMatch(/permission denied/)
    expect(await refusal(inTenant(orgA, tx => tx.delete(consents).where(eq(consents.id, entry.id))))).toMatch(/permission denied/)
    expect(await refusal(inTenant(orgA, tx => tx.execute(sql`truncate consents`)))).toMatch(/permission denied|must be owner/)
    expect(await refusal(inTenant(orgA, tx => tx.execute(sql`select privacy_erase_consents(${contact.id}::uuid)`)))).toMatch(/only within the recorded erasure/)
    expect(await refusal(inTenant(orgA, tx => tx.execute(sql`select privacy_pseudonymise_audit(array[${contact.id}::uuid], array['Lea'])`)))).toMatch(/only within a recorded erasure or retention run/)
    // The audit trail stays append-only as well.
    expect(await refusal(inTenant(orgA, tx => tx.update(auditLogs).set({ changes: null }).where(eq(auditLogs.entityId, contact.id))))).toMatch(/permission denied/)
    const [kept] = await inTenant(orgA, tx => tx.select().from(consents).where(eq(consents.id, entry.id)))
    expect(kept).toMatchObject({ status: 'granted', purpose: 'Newsletter' })
  })

  it('lets no tenant see or erase another tenant\'s ledger', async () => {
    const contact = await contacts$.create(orgA.owner, { firstName: 'Ina', lastName: `Isolated${unique()}`, tags: [] })
    await consents$.create(orgA.owner, contact.id, { purpose: 'Telefon', status: 'granted', source: 'Messe' })
    expect(await inTenant(orgB, tx => tx.select().from(consents).where(eq(consents.contactId, contact.id)))).toEqual([])
    await expect(consents$.list(orgB.owner, contact.id)).rejects.toMatchObject({ status: 404 })
  })
})

describe('erasure', () => {
  it('leaves none of the person\'s values in any text column of any table', async () => {
    const tag = unique()
    const p = { firstName: `Wendelin${tag}`, lastName: `Quappenberg${tag}`, email: `w.${tag}@quappen.example`, phone: `+49 89 ${tag}`, position: `Vorstand${tag}`, tags: [`tag${tag}`] }
    const contact = await contacts$.create(orgA.owner, p)
    await contacts$.update(orgA.owner, contact.id, { email: `neu.${tag}@quappen.example` })
    const [pipeline] = await inTenant(orgA, tx => tx.execute(sql`select id from pipelines where org_id = ${orgA.orgId} limit 1`)).then(r => resultRows<{ id: string }>(r))
    const deal = await deals$.create(orgA.owner, { title: `Rahmenvertrag ${p.lastName}`, value: '0', pipelineId: pipeline!.id, contactId: contact.id })
    await activities$.create(orgA.owner, { type: 'email', subject: `Mail an ${p.email}`, note: `Rückruf unter ${p.phone}`, contactId: contact.id })
    await consents$.create(orgA.owner, contact.id, { purpose: 'Newsletter', status: 'granted', source: `Formular ${tag}` })
    const values = [p.firstName, p.lastName, p.email, `neu.${tag}@quappen.example`, p.phone, p.position, p.tags[0]!]
    expect(Object.keys(await whereFound(p.lastName)).sort()).toEqual(expect.arrayContaining(['audit_logs.changes', 'contacts.last_name', 'deals.title']))

    const result = await erasure.eraseContact(orgA.owner, contact.id, { reason: `Widerspruch von ${p.firstName} ${p.lastName}` })
    expect(result.reason).toBe('Widerspruch von [erased]')
    for (const value of values) expect(await whereFound(value), value).toEqual({})

    const [dealAfter] = await inTenant(orgA, tx => tx.select().from(deals).where(eq(deals.id, deal.id)))
    expect(dealAfter).toMatchObject({ contactId: null, title: 'Rahmenvertrag [erased]' })
    await expect(erasure.eraseContact(orgA.owner, contact.id, { reason: 'again' })).rejects.toMatchObject({ status: 409 })
  })
})

describe('retention', () => {
  it('erases exactly the contacts without activity for the rule\'s months, dry run first', async () => {
    const org = await newOrg(0)
    const make = (lastName: string) => contacts$.create(org.owner, { firstName: 'Rita', lastName: `${lastName}${unique()}`, tags: [] })
    const [stale, staleWithOldCall, withRecentCall, withRecentConsent, fresh] = await Promise.all(['Stale', 'OldCall', 'RecentCall', 'Consent', 'Fresh'].map(make))
    const call = await activities$.create(org.owner, { type: 'call', subject: 'Alt', contactId: staleWithOldCall!.id })
    await activities$.create(org.owner, { type: 'call', subject: 'Neu', contactId: withRecentCall!.id })
    await consents$.create(org.owner, withRecentConsent!.id, { purpose: 'Newsletter', status: 'granted', source: 'Web' })
    // Two years ago, as the schema owner would restore it: every row of the org except the fresh contact.
    const ago = sql`now() - interval '2 years'`
    await asOwner(sql`update contacts set created_at = ${ago}, updated_at = ${ago} where org_id = ${org.orgId} and id <> ${fresh!.id}`)
    await asOwner(sql`update activities set created_at = ${ago}, updated_at = ${ago} where org_id = ${org.orgId} and id = ${call.id}`)
    await asOwner(sql`update consents set created_at = ${ago}, occurred_at = ${ago} where org_id = ${org.orgId} and contact_id = ${stale!.id}`)

    await retention.upsertRule(org.owner, 'contacts_inactive', { months: 12, enabled: true })
    const dry = await retention.runRule(org.owner, { kind: 'contacts_inactive', dryRun: true })
    const expected = [stale!.id, staleWithOldCall!.id].sort()
    expect(dry.items.map(i => i.id).sort()).toEqual(expected)
    expect(dry.run).toMatchObject({ dryRun: true, affected: 2 })
    expect(await inTenant(org, tx => tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.orgId, org.orgId)))).toHaveLength(5)

    const real = await retention.runRule(org.owner, { kind: 'contacts_inactive', dryRun: false })
    expect(real.items.map(i => i.id).sort()).toEqual(expected)
    const left = await inTenant(org, tx => tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.orgId, org.orgId)))
    expect(left.map(c => c.id).sort()).toEqual([withRecentCall!.id, withRecentConsent!.id, fresh!.id].sort())
    const erased = await erasure.listErasures(org.owner)
    expect(erased.map(e => e.contactId).sort()).toEqual(expected)
    expect(erased[0]!.reason).toBe('Retention rule: no activity for 12 months')
    const [oldCall] = await inTenant(org, tx => tx.select().from(activities).where(eq(activities.id, call.id)))
    expect(oldCall).toMatchObject({ subject: '[erased]', contactId: null })
  })

  it('runs due rules from the scheduled task, once per period', async () => {
    const org = await newOrg(0)
    await activities$.create(org.owner, { type: 'task', subject: 'Erledigt 2019', completedAt: '2019-01-01T00:00:00Z' })
    await retention.upsertRule(org.owner, 'activities_completed', { months: 24, enabled: true })
    // A new rule waits one period before its first scheduled run.
    expect((await runPrivacyTasks({ intervalMs: 1000, everyHours: 24 })).retention.filter(r => r.orgId === org.orgId)).toEqual([])
    await asOwner(sql`update retention_rules set created_at = now() - interval '25 hours' where org_id = ${org.orgId}`)
    const report = await runPrivacyTasks({ intervalMs: 1000, everyHours: 24 })
    expect(report.retention.filter(r => r.orgId === org.orgId)).toEqual([{ orgId: org.orgId, kind: 'activities_completed', affected: 1 }])
    const runs = await retention.listRuns(org.owner, { page: 1, limit: 10 })
    expect(runs.data).toEqual([expect.objectContaining({ trigger: 'schedule', dryRun: false, affected: 1, actor: null })])
    const again = await runPrivacyTasks({ intervalMs: 1000, everyHours: 24 })
    expect(again.retention.filter(r => r.orgId === org.orgId)).toEqual([])
    const [rule] = await inTenant(org, tx => tx.select().from(retentionRules).where(eq(retentionRules.orgId, org.orgId)))
    expect(rule!.lastRunAt).not.toBeNull()
  })

  it.skipIf(!inject('databaseUrl'))('skips a pass while another instance holds the lock', async () => {
    const { default: postgres } = await import('postgres')
    const other = postgres(inject('databaseUrl'), { max: 1, onnotice: () => {} })
    try {
      await other.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(7143002017)`
        expect(await runPrivacyTasks({ intervalMs: 1000, everyHours: 24 })).toEqual({ deleted: [], retention: [], skipped: true })
      })
      expect((await runPrivacyTasks({ intervalMs: 1000, everyHours: 24 })).skipped).toBe(false)
    }
    finally {
      await other.end()
    }
  })
})

describe('organization deletion', () => {
  it('deletes every row of the organization in every table after the grace period, and nothing of others', async () => {
    const doomed = await newOrg(12)
    const contact = await contacts$.create(doomed.owner, { firstName: 'Doris', lastName: 'Doomed', tags: [] })
    await consents$.create(doomed.owner, contact.id, { purpose: 'Newsletter', status: 'granted', source: 'Web' })
    await retention.upsertRule(doomed.owner, 'activities_completed', { months: 60, enabled: false })
    const tables = await asOwner<{ table_name: string, column_name: string }>(sql`
      select table_name, column_name from information_schema.columns
       where table_schema = 'public' and column_name in ('org_id') order by table_name`)
    const countsOf = async (orgId: string) => Object.fromEntries(await Promise.all(tables.map(async ({ table_name: table }) => {
      const [row] = await asOwner<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)} where org_id = ${orgId}`)
      return [table, row!.n] as const
    })))
    const before = await countsOf(doomed.orgId)
    expect(before).toMatchObject({ contacts: 13, consents: 1, users: expect.any(Number), deals: expect.any(Number), audit_logs: expect.any(Number) })
    const othersBefore = await countsOf(orgB.orgId)

    const name = (await inTenant(doomed, tx => tx.select({ name: organizations.name }).from(organizations)))[0]!.name
    const { scheduled } = await deletion.schedule(doomed.owner, { confirmName: name })
    expect(scheduled!.executeAfter.getTime()).toBeLessThanOrEqual(Date.now())
    // Canceled first: the task leaves it alone.
    await deletion.cancel(doomed.owner)
    expect((await runPrivacyTasks({ intervalMs: 1000, everyHours: 24 })).deleted).not.toContain(doomed.orgId)
    await deletion.schedule(doomed.owner, { confirmName: name })

    const report = await runPrivacyTasks({ intervalMs: 1000, everyHours: 24 })
    expect(report.deleted).toContain(doomed.orgId)
    const after = await countsOf(doomed.orgId)
    expect(Object.entries(after).filter(([, n]) => n > 0)).toEqual([])
    expect(await asOwner(sql`select id from organizations where id = ${doomed.orgId}`)).toEqual([])
    expect(await countsOf(orgB.orgId)).toEqual(othersBefore)
  })
})
