import { randomBytes } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { deals, digestDeliveries, pipelines, users } from '../../drizzle/schema'
import type { TenantContext } from '../../server/utils/tenant'

// Time zones on the profile and the morning digest at the service level, on PGlite and PostgreSQL.
process.env.DATABASE_URL = inject('databaseUrl')
process.env.PGLITE_DIR = 'memory://'
process.env.PULSE_SEED_DEMO = 'never'
process.env.JWT_SECRET = 'db-digest-test-secret-long-enough-for-hs256'
process.env.APP_URL = 'https://crm.example.test'
delete process.env.RESEND_API_KEY

const { useDatabaseHandle, closeDatabase } = await import('../../server/utils/db')
const { runAsTenant } = await import('../../server/database/transaction')
const { systemContext } = await import('../../server/utils/jobs')
const { outboxMails } = await import('../../server/utils/mail')
const auth = await import('../../server/services/auth')
const organization$ = await import('../../server/services/organization')
const activities$ = await import('../../server/services/activities')
const deals$ = await import('../../server/services/deals')
const notifications$ = await import('../../server/services/notifications')
const digest = await import('../../server/services/digest')

afterAll(closeDatabase)

const unique = () => randomBytes(4).toString('hex')
type Person = TenantContext & { userId: string, email: string }

// Tuesday 8 December 2026, 07:30 in Berlin (CET, UTC+1).
const TUESDAY_MORNING = new Date('2026-12-08T06:30:00Z')
const DAY = '2026-12-08'

async function asTenant<T>(orgId: string, work: Parameters<typeof runAsTenant<T>>[2]): Promise<T> {
  const { db } = await useDatabaseHandle()
  return runAsTenant(db, orgId, work)
}

/** A new organization with its owner (English) and a colleague (German). */
async function newOrg(): Promise<{ orgId: string, owner: Person, colleague: Person, pipelineId: string }> {
  const label = unique()
  const email = `owner-${label}@digest.test`
  const signedIn = await auth.register({ organizationName: `Digest ${label}`, name: `Owner ${label}`, email, password: 'correct horse battery staple' }, { ip: null, userAgent: 'vitest', locale: 'en' })
  const orgId = signedIn.organization.id
  const colleagueEmail = `colleague-${label}@digest.test`
  const [colleague] = await asTenant(orgId, tx => tx.insert(users).values({ orgId, email: colleagueEmail, name: `Kollegin ${label}`, role: 'member', locale: 'de' }).returning({ id: users.id }))
  const [pipeline] = await asTenant(orgId, tx => tx.select({ id: pipelines.id }).from(pipelines).where(eq(pipelines.orgId, orgId)))
  const person = (userId: string, role: Person['role'], mail: string): Person => ({ orgId, userId, role, actorType: 'user', ip: null, userAgent: 'vitest', email: mail })
  return { orgId, owner: person(signedIn.user.id, 'owner', email), colleague: person(colleague!.id, 'member', colleagueEmail), pipelineId: pipeline!.id }
}

const mailsTo = (email: string) => outboxMails().filter(m => m.to === email && m.template === 'digest')
const send = (person: Person, now = TUESDAY_MORNING, day = DAY) => digest.sendDigest(systemContext(person.orgId), person.userId, day, now)

/** Open, done, other people's and other days' work around one person. */
async function busyDay(org: Awaited<ReturnType<typeof newOrg>>, label: string) {
  const { owner, colleague, pipelineId } = org
  const idle = await deals$.create(owner, { title: `${label} idle deal`, pipelineId, value: '1200' })
  const planned = await deals$.create(owner, { title: `${label} planned deal`, pipelineId, value: '0' })
  const won = await deals$.create(owner, { title: `${label} won deal`, pipelineId, value: '0' })
  await asTenant(org.orgId, tx => tx.update(deals).set({ status: 'won' }).where(and(eq(deals.orgId, org.orgId), eq(deals.id, won.id))))
  await deals$.create(owner, { title: `${label} colleague's deal`, pipelineId, value: '0', ownerId: colleague.userId })
  const overdue = await activities$.create(owner, { type: 'call', subject: `${label} overdue call`, dueAt: '2026-12-07T15:00:00Z', reminders: [] })
  const today = await activities$.create(owner, { type: 'meeting', subject: `${label} today meeting`, dueAt: '2026-12-08T13:00:00Z', dealId: planned.id, reminders: [] })
  await activities$.create(owner, { type: 'task', subject: `${label} tomorrow task`, dueAt: '2026-12-09T09:00:00Z', reminders: [] })
  await activities$.create(owner, { type: 'task', subject: `${label} done task`, dueAt: '2026-12-07T09:00:00Z', completedAt: '2026-12-07T10:00:00Z', reminders: [] })
  await activities$.create(owner, { type: 'call', subject: `${label} colleague's call`, dueAt: '2026-12-07T09:00:00Z', ownerId: colleague.userId, reminders: [] })
  return { idle, planned, overdue, today }
}

describe('morning digest', () => {
  it('lists one person\'s overdue and today\'s activities and deals without a next step, with links, and nobody else\'s', async () => {
    const org = await newOrg()
    const other = await newOrg()
    const mine = await busyDay(org, 'Mine')
    await busyDay(other, 'Theirs')

    expect(await send(org.owner)).toBe('sent')
    const [mail, ...more] = mailsTo(org.owner.email)
    expect(more).toEqual([])
    expect(mail!.locale).toBe('en')
    expect(mail!.subject).toBe('Your day on Tuesday, 8 December 2026')
    expect(mail!.text).toContain('Overdue (1)\n- Mine overdue call (due 7 Dec 2026, 16:00)\n  https://crm.example.test/activities?open=' + mine.overdue.id)
    expect(mail!.text).toContain('Due today (1)\n- Mine today meeting (due 14:00)\n  https://crm.example.test/activities?open=' + mine.today.id)
    expect(mail!.text).toContain('Open deals without a next step (1)\n- Mine idle deal (value 1200.00 EUR)\n  https://crm.example.test/deals/' + mine.idle.id)
    expect(mail!.html).toContain(`href="https://crm.example.test/deals/${mine.idle.id}"`)
    for (const absent of ['tomorrow', 'done', 'won deal', 'planned deal', 'colleague', 'Theirs']) expect(mail!.text).not.toContain(absent)
    const [row] = await asTenant(org.orgId, tx => tx.select().from(digestDeliveries).where(eq(digestDeliveries.userId, org.owner.userId)))
    expect(row).toMatchObject({ localDate: DAY, timeZone: 'Europe/Berlin', items: 3 })
  })

  it('goes out once per person and local day, however often and however concurrently it is tried', async () => {
    const org = await newOrg()
    await busyDay(org, 'Once')
    const outcomes = await Promise.all([send(org.owner), send(org.owner), send(org.owner)])
    expect(outcomes.sort()).toEqual(['sent', 'skipped', 'skipped'])
    expect(await send(org.owner, new Date('2026-12-08T10:00:00Z'))).toBe('skipped')
    expect(mailsTo(org.owner.email)).toHaveLength(1)
    // The dispatcher no longer offers that day; the next weekday it does.
    expect(await asTenant(org.orgId, tx => digest.dueDigests(tx, org.orgId, TUESDAY_MORNING))).not.toContainEqual(expect.objectContaining({ userId: org.owner.userId }))
    expect(await asTenant(org.orgId, tx => digest.dueDigests(tx, org.orgId, new Date('2026-12-09T06:30:00Z')))).toContainEqual({ userId: org.owner.userId, localDate: '2026-12-09' })
  })

  it('is not sent when all three lists are empty, and the day is decided all the same', async () => {
    const org = await newOrg()
    expect(await send(org.colleague)).toBe('empty')
    expect(mailsTo(org.colleague.email)).toEqual([])
    expect(await asTenant(org.orgId, tx => digest.dueDigests(tx, org.orgId, TUESDAY_MORNING))).toEqual([{ userId: org.owner.userId, localDate: DAY }])
  })

  it('respects the opt-out in the notification settings', async () => {
    const org = await newOrg()
    await busyDay(org, 'Optout')
    await notifications$.updatePreferences(org.owner, { settings: { digest: { email: false } } })
    expect((await notifications$.preferences(org.owner)).settings).toEqual({ digest: { email: false } })
    expect(await asTenant(org.orgId, tx => digest.dueDigests(tx, org.orgId, TUESDAY_MORNING))).toEqual([{ userId: org.colleague.userId, localDate: DAY }])
    expect(await send(org.owner)).toBe('skipped')
    expect(mailsTo(org.owner.email)).toEqual([])
  })

  it('speaks German to a German-locale person', async () => {
    const org = await newOrg()
    const overdue = await activities$.create(org.owner, { type: 'call', subject: 'Rückruf Frau Weiß', dueAt: '2026-12-07T15:00:00Z', ownerId: org.colleague.userId, reminders: [] })
    expect(await send(org.colleague)).toBe('sent')
    const [mail] = mailsTo(org.colleague.email)
    expect(mail!.locale).toBe('de')
    expect(mail!.subject).toBe('Ihr Tag am Dienstag, 8. Dezember 2026')
    expect(mail!.text).toContain(`Hallo Kollegin`)
    expect(mail!.text).toContain(`Überfällig (1)\n- Rückruf Frau Weiß (fällig 07.12.2026, 16:00)\n  https://crm.example.test/activities?open=${overdue.id}`)
    expect(mail!.html).toContain('<html lang="de">')
  })

  it('comes at 07:00 in each person\'s own zone, else the organization\'s, on weekdays only', async () => {
    const org = await newOrg()
    const due = (at: string) => asTenant(org.orgId, tx => digest.dueDigests(tx, org.orgId, new Date(at)))
    expect(await due('2026-12-08T05:59:00Z')).toEqual([])
    expect((await due('2026-12-08T06:00:00Z')).map(d => d.userId).sort()).toEqual([org.owner.userId, org.colleague.userId].sort())
    expect(await due('2026-12-12T08:00:00Z')).toEqual([])

    await auth.updateProfile(org.owner, { timeZone: 'America/New_York' })
    await organization$.update(org.owner, { timeZone: 'Asia/Tokyo' })
    // 07:00 in Tokyo is 22:00 UTC the evening before; in New York 12:00 UTC.
    expect(await due('2026-12-07T22:00:00Z')).toEqual([{ userId: org.colleague.userId, localDate: DAY }])
    expect(await due('2026-12-08T12:00:00Z')).toEqual([{ userId: org.owner.userId, localDate: DAY }])
    expect(await digest.organizationsDueForDigest(new Date('2026-12-08T12:00:00Z'))).toContain(org.orgId)
    // Before 07:00 in New York the job for that day sends nothing; the local day that has begun is the key.
    expect(await send(org.owner, new Date('2026-12-08T11:00:00Z'))).toBe('skipped')
    expect(await send(org.owner, new Date('2026-12-09T12:00:00Z'))).toBe('skipped')
  })

  it('forgets the days it decided after 35 days, in its own organization only', async () => {
    const org = await newOrg()
    const other = await newOrg()
    const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000)
    const row = (o: typeof org, localDate: string, age: number) => ({ orgId: o.orgId, userId: o.owner.userId, localDate, timeZone: 'Europe/Berlin', items: 1, createdAt: daysAgo(age) })
    await asTenant(org.orgId, tx => tx.insert(digestDeliveries).values([row(org, '2026-10-01', 36), row(org, '2026-11-02', 34)]))
    await asTenant(other.orgId, tx => tx.insert(digestDeliveries).values(row(other, '2026-10-01', 36)))
    await asTenant(org.orgId, tx => digest.pruneDigestDeliveries(tx, org.orgId))
    const left = (o: typeof org) => asTenant(o.orgId, tx => tx.select({ localDate: digestDeliveries.localDate }).from(digestDeliveries).where(eq(digestDeliveries.orgId, o.orgId)))
    expect(await left(org)).toEqual([{ localDate: '2026-11-02' }])
    expect(await left(other)).toEqual([{ localDate: '2026-10-01' }])
  })
})

describe('time zone and language on the profile', () => {
  it('are read and changed through the profile, and null follows the organization', async () => {
    const { owner } = await newOrg()
    const before = await auth.me(owner)
    expect(before.user).toMatchObject({ locale: 'en', timeZone: null })
    expect(before.organization.timeZone).toBe('Europe/Berlin')
    const after = await auth.updateProfile(owner, { timeZone: 'America/New_York', locale: 'de' })
    expect(after.user).toMatchObject({ locale: 'de', timeZone: 'America/New_York' })
    expect((await auth.updateProfile(owner, { timeZone: null })).user.timeZone).toBeNull()
    expect((await organization$.update(owner, { timeZone: 'Europe/Vienna' })).timeZone).toBe('Europe/Vienna')
    expect((await auth.me(owner)).organization.timeZone).toBe('Europe/Vienna')
  })

  it('refuse a zone that does not exist before it reaches the database', async () => {
    const { profileUpdate, organizationUpdate } = await import('../../shared/schemas')
    expect(profileUpdate.safeParse({ timeZone: 'Europe/Atlantis' }).success).toBe(false)
    expect(profileUpdate.safeParse({ timeZone: '+02:00' }).success).toBe(false)
    expect(organizationUpdate.safeParse({ timeZone: 'Nowhere' }).success).toBe(false)
    expect(profileUpdate.parse({ timeZone: 'america/new_york' })).toEqual({ timeZone: 'America/New_York' })
  })
})
