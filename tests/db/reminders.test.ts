import { randomBytes } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { activityReminders, notifications, pushSubscriptions, users } from '../../drizzle/schema'
import type { TenantContext } from '../../server/utils/tenant'

// Reminders and notifications at the service level, on PGlite and PostgreSQL.
process.env.DATABASE_URL = inject('databaseUrl')
process.env.PGLITE_DIR = 'memory://'
process.env.PULSE_SEED_DEMO = 'never'
process.env.JWT_SECRET = 'db-reminders-test-secret-long-enough-for-hs256'
delete process.env.RESEND_API_KEY

const { useDatabaseHandle, closeDatabase } = await import('../../server/utils/db')
const { runAsTenant } = await import('../../server/database/transaction')
const { seedDemoOrganization } = await import('../../server/database/seed')
const { withTenant } = await import('../../server/utils/tenant')
const { systemContext } = await import('../../server/utils/jobs')
const activities$ = await import('../../server/services/activities')
const deals$ = await import('../../server/services/deals')
const notifications$ = await import('../../server/services/notifications')
const { fireDueReminders } = await import('../../server/services/reminders')

afterAll(closeDatabase)

const unique = () => randomBytes(4).toString('hex')
type Person = TenantContext & { userId: string }

async function newOrg(): Promise<{ orgId: string, owner: Person, member: Person }> {
  const { db } = await useDatabaseHandle()
  const label = unique()
  const seeded = await seedDemoOrganization(db, {
    hashPassword: async () => 'not-a-real-hash', contacts: 2, companies: 1, seed: 5,
    ownerEmail: `owner@reminders-${label}.test`, orgName: `Reminders ${label}`,
  })
  const people = await runAsTenant(db, seeded.orgId, tx => tx.select({ id: users.id, role: users.role }).from(users).where(eq(users.orgId, seeded.orgId)))
  const person = (id: string, role: Person['role']): Person => ({ orgId: seeded.orgId, userId: id, role, actorType: 'user', ip: null, userAgent: 'vitest' })
  const owner = people.find(p => p.role === 'owner')!
  const member = people.find(p => p.role === 'member')!
  return { orgId: seeded.orgId, owner: person(owner.id, 'owner'), member: person(member.id, 'member') }
}

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString()
const fire = (orgId: string) => withTenant(systemContext(orgId), tx => fireDueReminders(tx, systemContext(orgId)))

async function remindersOf(ctx: TenantContext, activityId: string) {
  return withTenant(ctx, tx => tx.select().from(activityReminders).where(and(eq(activityReminders.orgId, ctx.orgId), eq(activityReminders.activityId, activityId))))
}

async function notificationsOf(ctx: Person) {
  return withTenant(ctx, tx => tx.select().from(notifications).where(and(eq(notifications.orgId, ctx.orgId), eq(notifications.userId, ctx.userId))))
}

describe('reminders', () => {
  it('fire once for a reminder due in the past minute, to the activity\'s owner, however often the dispatcher runs', async () => {
    const { orgId, owner, member } = await newOrg()
    // Due in 4 minutes, reminded 5 minutes before: due a minute ago.
    const activity = await activities$.create(owner, { type: 'call', subject: 'Call Frau Weiß', dueAt: inMinutes(4), ownerId: member.userId, reminders: [5, 60 * 24] })
    expect(activity.reminders).toEqual([5, 1440])
    const before = (await notificationsOf(member)).filter(n => n.kind === 'reminder')
    expect(before).toEqual([])
    // Both reminders are in the past (a day before, and a minute ago): each fires once.
    expect(await fire(orgId)).toBe(2)
    expect(await fire(orgId)).toBe(0)
    const fired = (await notificationsOf(member)).filter(n => n.kind === 'reminder')
    expect(fired).toHaveLength(2)
    expect(fired[0]).toMatchObject({ recordType: 'activity', recordId: activity.id, actorId: null, emailState: 'pending' })
    expect(fired[0]!.data).toMatchObject({ title: 'Call Frau Weiß' })
    // The owner of the activity is not its creator here: the creator hears nothing of the reminder.
    expect((await notificationsOf(owner)).filter(n => n.kind === 'reminder')).toEqual([])
  })

  it('never fire twice when two dispatchers claim the same reminders at once', async () => {
    const { orgId, owner } = await newOrg()
    for (let i = 0; i < 10; i++) await activities$.create(owner, { type: 'task', subject: `Task ${i}`, dueAt: inMinutes(1), reminders: [5] })
    const counts = await Promise.all([fire(orgId), fire(orgId), fire(orgId)])
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10)
    expect((await notificationsOf(owner)).filter(n => n.kind === 'reminder')).toHaveLength(10)
  })

  it('move with the due time, re-arm when moved into the future, and end when the activity is done or deleted', async () => {
    const { orgId, owner } = await newOrg()
    const activity = await activities$.create(owner, { type: 'meeting', subject: 'Review', dueAt: inMinutes(2), reminders: [5, 15] })
    expect(await fire(orgId)).toBe(2)
    const due = new Date(Date.now() + 3 * 3600_000)
    await activities$.update(owner, activity.id, { dueAt: due.toISOString() })
    const moved = await remindersOf(owner, activity.id)
    expect(moved.map(r => [r.offsetMinutes, r.remindAt.getTime(), r.firedAt])).toEqual(expect.arrayContaining([
      [5, due.getTime() - 5 * 60_000, null],
      [15, due.getTime() - 15 * 60_000, null],
    ]))
    expect(await fire(orgId)).toBe(0)

    // Replacing the set keeps what stays and drops what goes.
    expect((await activities$.update(owner, activity.id, { reminders: [15, 0] })).reminders).toEqual([0, 15])
    await activities$.update(owner, activity.id, { completedAt: new Date().toISOString() })
    expect(await remindersOf(owner, activity.id)).toEqual([])
    expect((await activities$.get(owner, activity.id)).reminders).toEqual([])

    const other = await activities$.create(owner, { type: 'task', subject: 'Gone', dueAt: inMinutes(60), reminders: [5] })
    await activities$.remove(owner, other.id)
    expect(await remindersOf(owner, other.id)).toEqual([])
  })

  it('take the creator\'s default when none are sent, and none without a due time', async () => {
    const { owner } = await newOrg()
    await notifications$.updatePreferences(owner, { defaultReminderMinutes: 30 })
    expect((await activities$.create(owner, { type: 'call', subject: 'Default', dueAt: inMinutes(120) })).reminders).toEqual([30])
    expect((await activities$.create(owner, { type: 'call', subject: 'Chosen', dueAt: inMinutes(120), reminders: [] })).reminders).toEqual([])
    expect((await activities$.create(owner, { type: 'note', subject: 'Undated' })).reminders).toEqual([])
  })

  it('refuse offsets out of range and twice the same offset', async () => {
    const { activityCreate } = await import('../../shared/schemas')
    expect(activityCreate.safeParse({ type: 'call', subject: 'x', reminders: [-1] }).success).toBe(false)
    expect(activityCreate.safeParse({ type: 'call', subject: 'x', reminders: [43_201] }).success).toBe(false)
    expect(activityCreate.safeParse({ type: 'call', subject: 'x', reminders: [5, 5] }).success).toBe(false)
    expect(activityCreate.safeParse({ type: 'call', subject: 'x', reminders: [0, 5, 15, 30, 60, 1440] }).success).toBe(false)
  })
})

describe('notifications', () => {
  it('tell a new owner, the owner of a deal someone else won, and people newly mentioned in a note, never the one who did it', async () => {
    const { owner, member } = await newOrg()
    const { pipelineListQuery } = await import('../../shared/schemas')
    const pipelines = await import('../../server/services/pipelines')
    const pipeline = (await pipelines.list(owner, pipelineListQuery.parse({}))).data[0]!
    const deal = await deals$.create(owner, { title: 'Rahmenvertrag', pipelineId: pipeline.id, value: '5000.00' })
    await deals$.update(owner, deal.id, { ownerId: member.userId })
    const activity = await activities$.create(member, { type: 'note', subject: 'Kickoff', note: `Hi @[Owner](user:${owner.userId}) and @[Me](user:${member.userId})` })
    // Edited with the same mention and a foreign id: nobody is notified again.
    await activities$.update(member, activity.id, { note: `Hi @[Owner](user:${owner.userId}) and @[Nobody](user:0190a1b2-0000-7000-8000-00000000dead)` })

    await deals$.move(owner, deal.id, { stageId: pipeline.stages.find(s => s.kind === 'won')!.id })

    const forMember = await notificationsOf(member)
    expect(forMember.map(n => n.kind).sort()).toEqual(['deal_won', 'record_assigned'])
    expect(forMember.find(n => n.kind === 'deal_won')!.emailState).toBeNull()
    expect(forMember.find(n => n.kind === 'record_assigned')!.emailState).toBe('pending')
    const forOwner = await notificationsOf(owner)
    expect(forOwner.map(n => n.kind)).toEqual(['mention'])
    expect(forOwner[0]).toMatchObject({ recordType: 'activity', recordId: activity.id, actorId: member.userId })

    expect(await notifications$.unreadCount(member)).toEqual({ unread: 2 })
    await expect(notifications$.markRead(member, { ids: [forOwner[0]!.id] })).rejects.toMatchObject({ status: 404 })
    expect(await notifications$.unreadCount(member)).toEqual({ unread: 2 })
    expect(await notifications$.markRead(member, { all: true })).toEqual({ updated: 2, unread: 0 })
    expect(await notifications$.unreadCount(owner)).toEqual({ unread: 1 })
  })

  it('follow the person\'s email switches', async () => {
    const { owner, member } = await newOrg()
    await notifications$.updatePreferences(member, { settings: { activity_assigned: { email: false } } })
    await activities$.create(owner, { type: 'task', subject: 'Yours', ownerId: member.userId })
    const [assigned] = await notificationsOf(member)
    expect(assigned).toMatchObject({ kind: 'activity_assigned', emailState: null })
    expect(await notifications$.preferences(member)).toEqual({ defaultReminderMinutes: null, settings: { activity_assigned: { email: false } } })
  })

  it('are pushed only to people with a device subscribed, and as they switch it', async () => {
    const { owner, member } = await newOrg()
    const push$ = await import('../../server/services/push')
    await activities$.create(owner, { type: 'task', subject: 'No device yet', ownerId: member.userId })
    const endpoint = `https://push.example.com/${unique()}`
    await push$.subscribe(member, { endpoint, keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22) } })
    await activities$.create(owner, { type: 'task', subject: 'With a device', ownerId: member.userId })
    await notifications$.updatePreferences(member, { settings: { activity_assigned: { push: false } } })
    await activities$.create(owner, { type: 'task', subject: 'Switched off', ownerId: member.userId })
    const states = Object.fromEntries((await notificationsOf(member)).map(n => [n.data.title, n.pushState]))
    expect(states).toEqual({ 'No device yet': null, 'With a device': 'pending', 'Switched off': null })
    // The same device subscribed by the owner is the owner's now.
    await push$.subscribe(owner, { endpoint, keys: { p256dh: `B${'B'.repeat(86)}`, auth: 'B'.repeat(22) } })
    const devices = await withTenant(owner, tx => tx.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, endpoint)))
    expect(devices.map(d => d.userId)).toEqual([owner.userId])
    await expect(push$.unsubscribe(member, { endpoint })).rejects.toMatchObject({ status: 404 })
  })
})

describe('notifications and personal data', () => {
  it('are in the organization export, go with the erased person, and expire after their time', async () => {
    const { orgId, owner, member } = await newOrg()
    const contacts$ = await import('../../server/services/contacts')
    const erasure = await import('../../server/services/privacy/erasure')
    const { runPrivacyTasks } = await import('../../server/services/privacy/scheduler')
    const { EXPORTED_TABLES } = await import('../../server/services/privacy/export-organization')
    expect(EXPORTED_TABLES.map(t => t.name)).toEqual(expect.arrayContaining(['notifications', 'activity_reminders', 'push_subscriptions']))
    expect(EXPORTED_TABLES.find(t => t.name === 'push_subscriptions')!.omit).toEqual(['p256dh', 'auth'])

    const erika = await contacts$.create(owner, { firstName: 'Erika', lastName: 'Mustermann', tags: [] })
    await contacts$.update(owner, erika.id, { ownerId: member.userId })
    await activities$.create(owner, { type: 'call', subject: 'Anruf bei Erika Mustermann', ownerId: member.userId })
    expect((await notificationsOf(member)).map(n => n.data.title).sort()).toEqual(['Anruf bei Erika Mustermann', 'Erika Mustermann'])
    await erasure.eraseContact(owner, erika.id, { reason: 'Art. 17' })
    expect((await notificationsOf(member)).map(n => n.data.title)).toEqual(['Anruf bei [erased]'])

    // One read long ago, one unread older than a year: both go; the recent one stays.
    const [recent] = await notificationsOf(member)
    await withTenant(owner, tx => tx.insert(notifications).values([
      { orgId, userId: member.userId, kind: 'mention', createdAt: new Date(Date.now() - 100 * 86_400_000), readAt: new Date() },
      { orgId, userId: member.userId, kind: 'mention', createdAt: new Date(Date.now() - 400 * 86_400_000) },
    ]))
    const report = await runPrivacyTasks({ intervalMs: 1000, everyHours: 24 })
    expect(report.expiredNotifications).toBeGreaterThanOrEqual(2)
    expect((await notificationsOf(member)).map(n => n.id)).toEqual([recent!.id])
  })
})
