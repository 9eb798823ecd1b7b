import { createHash, randomBytes } from 'node:crypto'
import { and, count, eq, sql } from 'drizzle-orm'
import { decodeJwt, SignJWT } from 'jose'
import { afterAll, describe, expect, inject, it } from 'vitest'
import {
  activities, apiKeys, auditLogs, companies, contacts, deals, invitations, organizations, passwordResets, pipelines, refreshTokens, users,
} from '../../drizzle/schema'
import type { Role } from '../../shared/domain'
import { apiKeyListQuery, invitationListQuery, memberListQuery, userListQuery } from '../../shared/schemas'
import { resultRows } from '../../server/database/client'
import type { TenantContext } from '../../server/utils/tenant'

// The services reach the database through the process-wide handle, configured by the environment.
process.env.DATABASE_URL = inject('databaseUrl')
process.env.PGLITE_DIR = 'memory://'
process.env.PULSE_SEED_DEMO = 'never'
process.env.JWT_SECRET = 'db-team-test-secret-long-enough-for-hs256'
process.env.APP_URL = 'https://pulse.example'
delete process.env.RESEND_API_KEY

const { useDatabaseHandle, closeDatabase } = await import('../../server/utils/db')
const { runAsTenant } = await import('../../server/database/transaction')
const { seedDemoOrganization } = await import('../../server/database/seed')
const { identifyCredential } = await import('../../server/utils/auth')
const { signAccessToken } = await import('../../server/utils/jwt')
const { outboxMails } = await import('../../server/utils/mail')
const { appUrlFor } = await import('../../server/utils/env')
const { verifyPassword } = await import('../../server/utils/password')
const { createSession, revokeAllSessions } = await import('../../server/services/sessions')
const members = await import('../../server/services/members')
const organization = await import('../../server/services/organization')
const invitations$ = await import('../../server/services/invitations')
const apiKeys$ = await import('../../server/services/api-keys')
const users$ = await import('../../server/services/users')

afterAll(closeDatabase)

const ORIGIN = { ip: '192.0.2.10', userAgent: 'vitest' }
type Person = 'owner' | 'admin' | 'julia' | 'mehmet' | 'viewer'

interface Tenant {
  orgId: string
  name: string
  people: Record<Person, { id: string, email: string, role: Role }>
  as: (person: Person) => TenantContext & { userId: string }
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')

/** A small seeded organization: owner, admin, two members (Julia, Mehmet) and a viewer, with records they own. */
async function newTenant(): Promise<Tenant> {
  const { db } = await useDatabaseHandle()
  const label = randomBytes(4).toString('hex')
  const seeded = await seedDemoOrganization(db, {
    hashPassword: async () => 'not-a-real-hash', contacts: 16, companies: 5, seed: 7,
    ownerEmail: `owner@team-${label}.test`, orgName: `Team ${label}`,
  })
  const team = await runAsTenant(db, seeded.orgId, tx => tx.select({ id: users.id, email: users.email, role: users.role, name: users.name })
    .from(users).where(eq(users.orgId, seeded.orgId)))
  const find = (predicate: (u: typeof team[number]) => boolean) => {
    const user = team.find(predicate)
    if (!user) throw new Error('seeded team is not as expected')
    return { id: user.id, email: user.email, role: user.role }
  }
  const people: Tenant['people'] = {
    owner: find(u => u.role === 'owner'),
    admin: find(u => u.role === 'admin'),
    julia: find(u => u.name.startsWith('Julia')),
    mehmet: find(u => u.name.startsWith('Mehmet')),
    viewer: find(u => u.role === 'viewer'),
  }
  return {
    orgId: seeded.orgId,
    name: seeded.orgName,
    people,
    as: person => ({ orgId: seeded.orgId, userId: people[person].id, role: people[person].role, actorType: 'user', ...ORIGIN }),
  }
}

async function inTenant<T>(t: Tenant, work: Parameters<typeof runAsTenant<T>>[2]): Promise<T> {
  const { db } = await useDatabaseHandle()
  return runAsTenant(db, t.orgId, work)
}

async function userRow(t: Tenant, userId: string) {
  const [row] = await inTenant(t, tx => tx.select().from(users).where(and(eq(users.orgId, t.orgId), eq(users.id, userId))))
  return row
}

async function auditOf(t: Tenant, action: string) {
  return inTenant(t, tx => tx.select().from(auditLogs).where(and(eq(auditLogs.orgId, t.orgId), eq(auditLogs.action, action))))
}

/** A new session of the person, as a sign-in starts it: the id its access tokens carry (`sid`). */
async function sessionOf(t: Tenant, person: Person): Promise<string> {
  const { accessToken } = await createSession({ orgId: t.orgId, userId: t.people[person].id })
  return decodeJwt(accessToken).sid as string
}

/** An access token of a new session, minted `secondsAgo` earlier: a session that existed before something ended it. */
async function earlierToken(t: Tenant, person: Person, secondsAgo = 5): Promise<string> {
  const iat = Math.floor(Date.now() / 1000) - secondsAgo
  return new SignJWT({ org: t.orgId, role: t.people[person].role, sid: await sessionOf(t, person) })
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
    .setSubject(t.people[person].id).setIssuer('pulse').setAudience('pulse-api')
    .setIssuedAt(iat).setExpirationTime(iat + 900)
    .sign(new TextEncoder().encode(process.env.JWT_SECRET))
}

/** Opens a few pooled connections, so two transactions started together really overlap (PostgreSQL). */
async function warmPool() {
  const { db } = await useDatabaseHandle()
  await Promise.all([1, 2, 3, 4].map(() => db.execute(sql`select 1`)))
}

/** An access token of a new session; `role` is what the token claims, whatever the database says. */
const tokenOf = async (t: Tenant, person: Person, role = t.people[person].role) =>
  signAccessToken({ orgId: t.orgId, userId: t.people[person].id, role, sessionId: await sessionOf(t, person) })
const identify = (credential: string) => identifyCredential(credential, ORIGIN)

const tenantA = await newTenant()
const tenantB = await newTenant()

describe('who is calling: access tokens', () => {
  it('acts with the role in the database, not the one written in the token', async () => {
    const t = tenantA
    const token = await tokenOf(t, 'julia', 'owner')
    expect(await identify(token)).toMatchObject({ orgId: t.orgId, userId: t.people.julia.id, role: 'member', actorType: 'user', ip: ORIGIN.ip })
  })

  it('refuses a token issued before the sessions were ended, and accepts one issued after', async () => {
    const t = await newTenant()
    const before = await earlierToken(t, 'mehmet')
    expect(await identify(before)).not.toBeNull()
    await inTenant(t, tx => revokeAllSessions(tx, t.orgId, t.people.mehmet.id))
    expect(await identify(before)).toBeNull()
    expect(await identify(await tokenOf(t, 'mehmet'))).toMatchObject({ userId: t.people.mehmet.id })
  })

  it('refuses a token naming a user of another organization', async () => {
    const forged = await signAccessToken({ orgId: tenantB.orgId, userId: tenantA.people.owner.id, role: 'owner', sessionId: await sessionOf(tenantA, 'owner') })
    expect(await identify(forged)).toBeNull()
    expect(await identify('not-a-token')).toBeNull()
  })
})

describe('who is calling: API keys', () => {
  it('acts for its organization with the role of its scope, and no user', async () => {
    const t = tenantA
    const read = await apiKeys$.create(t.as('admin'), { name: 'Reporting', scope: 'read' })
    const write = await apiKeys$.create(t.as('admin'), { name: 'Zapier', scope: 'read_write' })
    expect(await identify(read.key)).toEqual({
      orgId: t.orgId, userId: null, role: 'viewer', actorType: 'api_key', apiKeyId: read.id, scope: 'read', ...ORIGIN,
    })
    expect(await identify(write.key)).toMatchObject({ orgId: t.orgId, userId: null, role: 'member', apiKeyId: write.id, scope: 'read_write' })
  })

  it('stores only the hash and the first ten characters; the key is in the create answer alone', async () => {
    const t = tenantA
    const created = await apiKeys$.create(t.as('owner'), { name: 'CI', scope: 'read' })
    expect(created.key).toMatch(/^pk_[\w-]{43}$/)
    expect(created.prefix).toBe(created.key.slice(0, 10))
    const [row] = await inTenant(t, tx => tx.select().from(apiKeys).where(eq(apiKeys.id, created.id)))
    expect(row!.keyHash).toBe(sha256(created.key))
    expect(JSON.stringify(row)).not.toContain(created.key)
    const listed = (await apiKeys$.list(t.as('owner'), apiKeyListQuery.parse({}))).data.find(k => k.id === created.id)
    expect(Object.keys(listed!).sort()).toEqual(['createdAt', 'createdBy', 'id', 'lastUsedAt', 'name', 'prefix', 'revokedAt', 'scope'])
    expect(listed!.createdBy).toEqual({ id: t.people.owner.id, name: expect.any(String) })
    const [audit] = (await auditOf(t, 'api_key.create')).filter(a => a.entityId === created.id)
    expect(audit).toMatchObject({ actorId: t.people.owner.id, actorType: 'user', entity: 'api_key', ip: ORIGIN.ip, userAgent: ORIGIN.userAgent })
    expect(JSON.stringify(audit)).not.toContain(created.key)
    expect(JSON.stringify(audit)).not.toContain(row!.keyHash)
  })

  it('records when a key was last used, at most once a minute', async () => {
    const t = tenantA
    const { id, key } = await apiKeys$.create(t.as('admin'), { name: 'Sync', scope: 'read' })
    const lastUsed = async () => (await inTenant(t, tx => tx.select({ at: apiKeys.lastUsedAt, updatedAt: apiKeys.updatedAt }).from(apiKeys).where(eq(apiKeys.id, id))))[0]!
    expect((await lastUsed()).at).toBeNull()
    await identify(key)
    const first = await lastUsed()
    expect(first.at).toBeInstanceOf(Date)
    await identify(key)
    expect((await lastUsed()).at).toEqual(first.at)
    // Two minutes later (moved back in the table instead of waiting) it is written again.
    const twoMinutesAgo = new Date(first.at!.getTime() - 120_000)
    await inTenant(t, tx => tx.update(apiKeys).set({ lastUsedAt: twoMinutesAgo }).where(eq(apiKeys.id, id)))
    const { updatedAt } = await lastUsed()
    await identify(key)
    expect((await lastUsed()).at!.getTime()).toBeGreaterThan(twoMinutesAgo.getTime())
    // Use is not an edit: updatedAt stays.
    expect((await lastUsed()).updatedAt).toEqual(updatedAt)
  })

  it('refuses a revoked key from the next request on; revoking twice changes nothing', async () => {
    const t = tenantA
    const { id, key } = await apiKeys$.create(t.as('admin'), { name: 'Old', scope: 'read_write' })
    expect(await identify(key)).not.toBeNull()
    const revoked = await apiKeys$.revoke(t.as('admin'), id)
    expect(revoked.revokedAt).toBeInstanceOf(Date)
    expect(await identify(key)).toBeNull()
    expect((await apiKeys$.revoke(t.as('admin'), id)).revokedAt).toEqual(revoked.revokedAt)
    expect((await auditOf(t, 'api_key.revoke')).filter(a => a.entityId === id)).toHaveLength(1)
    const visible = (await apiKeys$.list(t.as('admin'), apiKeyListQuery.parse({}))).data.map(k => k.id)
    const all = (await apiKeys$.list(t.as('admin'), apiKeyListQuery.parse({ includeRevoked: 'true' }))).data.map(k => k.id)
    expect(visible).not.toContain(id)
    expect(all).toContain(id)
  })

  it('refuses unknown keys and keeps keys to their organization', async () => {
    expect(await identify(`pk_${randomBytes(32).toString('base64url')}`)).toBeNull()
    const { id, key } = await apiKeys$.create(tenantB.as('admin'), { name: 'B', scope: 'read' })
    expect((await identify(key))?.orgId).toBe(tenantB.orgId)
    await expect(apiKeys$.revoke(tenantA.as('owner'), id)).rejects.toMatchObject({ status: 404 })
    const listedInA = (await apiKeys$.list(tenantA.as('owner'), apiKeyListQuery.parse({ includeRevoked: 'true', limit: '100' }))).data.map(k => k.id)
    expect(listedInA).not.toContain(id)
  })
})

describe('the team', () => {
  it('lists members with what the team screen needs and nothing more', async () => {
    const t = tenantA
    const { data, meta } = await members.list(t.as('viewer'), memberListQuery.parse({}))
    expect(meta.total).toBe(5)
    expect(Object.keys(data[0]!).sort()).toEqual(['createdAt', 'email', 'id', 'lastLoginAt', 'locale', 'name', 'role'])
    expect(data.map(m => m.name)).toEqual([...data.map(m => m.name)].sort((x, y) => x.localeCompare(y, 'en')))
    expect((await members.list(t.as('viewer'), memberListQuery.parse({ role: 'member' }))).meta.total).toBe(2)
    expect((await members.list(t.as('viewer'), memberListQuery.parse({ q: 'julia' }))).data.map(m => m.id)).toEqual([t.people.julia.id])
  })

  it('offers the people of the organization as owners to pick', async () => {
    const { data } = await users$.list(tenantA.as('viewer'), userListQuery.parse({}))
    expect(data).toHaveLength(5)
    expect(Object.keys(data[0]!).sort()).toEqual(['email', 'id', 'name', 'role'])
    expect(data.map(u => u.id)).not.toContain(tenantB.people.owner.id)
  })

  it('lets an admin change roles below owner, ends that member\'s sessions and records it', async () => {
    const t = await newTenant()
    const old = await earlierToken(t, 'julia')
    const updated = await members.updateRole(t.as('admin'), t.people.julia.id, { role: 'admin' })
    expect(updated).toMatchObject({ id: t.people.julia.id, role: 'admin' })
    expect(await identify(old)).toBeNull()
    expect(await identify(await tokenOf(t, 'julia'))).toMatchObject({ role: 'admin' })
    const [audit] = await auditOf(t, 'member.update')
    expect(audit).toMatchObject({
      actorId: t.people.admin.id, actorType: 'user', entity: 'user', entityId: t.people.julia.id, changes: { role: { from: 'member', to: 'admin' } },
    })
  })

  it('changes nothing and ends no session when the role stays the same', async () => {
    const t = await newTenant()
    const old = await earlierToken(t, 'mehmet')
    await members.updateRole(t.as('admin'), t.people.mehmet.id, { role: 'member' })
    expect(await identify(old)).not.toBeNull()
    expect(await auditOf(t, 'member.update')).toHaveLength(0)
  })

  it('lets only an owner grant or take away the owner role', async () => {
    const t = await newTenant()
    await expect(members.updateRole(t.as('admin'), t.people.julia.id, { role: 'owner' })).rejects.toMatchObject({ status: 403 })
    await expect(members.updateRole(t.as('admin'), t.people.admin.id, { role: 'owner' })).rejects.toMatchObject({ status: 403 })
    await expect(members.updateRole(t.as('admin'), t.people.owner.id, { role: 'member' })).rejects.toMatchObject({ status: 403 })
    expect((await members.updateRole(t.as('owner'), t.people.julia.id, { role: 'owner' })).role).toBe('owner')
    expect((await members.updateRole(t.as('owner'), t.people.julia.id, { role: 'viewer' })).role).toBe('viewer')
  })

  it('keeps the last owner: neither demoted nor removed', async () => {
    const t = await newTenant()
    await expect(members.updateRole(t.as('owner'), t.people.owner.id, { role: 'admin' })).rejects.toMatchObject({ status: 409, code: 'CONFLICT' })
    await expect(members.remove(t.as('owner'), t.people.owner.id)).rejects.toMatchObject({ status: 409 })
    await members.updateRole(t.as('owner'), t.people.admin.id, { role: 'owner' })
    // With a second owner, the first may step down.
    expect((await members.updateRole(t.as('owner'), t.people.owner.id, { role: 'admin' })).role).toBe('admin')
    expect((await userRow(t, t.people.admin.id))?.role).toBe('owner')
  })

  it('keeps an owner when two owners step down at the same time', async () => {
    const t = await newTenant()
    await members.updateRole(t.as('owner'), t.people.admin.id, { role: 'owner' })
    const secondOwner = { ...t.as('admin'), role: 'owner' as const }
    await warmPool()
    const outcomes = await Promise.allSettled([
      members.updateRole(t.as('owner'), t.people.owner.id, { role: 'admin' }),
      members.updateRole(secondOwner, t.people.admin.id, { role: 'admin' }),
    ])
    expect(outcomes.map(o => o.status).sort()).toEqual(['fulfilled', 'rejected'])
    const owners = (await members.list(t.as('viewer'), memberListQuery.parse({ role: 'owner' }))).meta.total
    expect(owners).toBe(1)
  })

  it('does not let an admin remove an owner', async () => {
    const t = await newTenant()
    await members.updateRole(t.as('owner'), t.people.julia.id, { role: 'owner' })
    await expect(members.remove(t.as('admin'), t.people.julia.id)).rejects.toMatchObject({ status: 403 })
    expect(await userRow(t, t.people.julia.id)).toBeDefined()
    await members.remove(t.as('owner'), t.people.julia.id)
    expect(await userRow(t, t.people.julia.id)).toBeUndefined()
  })

  it('removes a member: their records keep existing without an owner, their sessions end, and it is recorded', async () => {
    const t = await newTenant()
    const julia = t.people.julia.id
    const owned = async () => inTenant(t, async tx => Promise.all([activities, deals, contacts, companies].map(async table =>
      (await tx.select({ n: count() }).from(table).where(and(eq(table.orgId, t.orgId), eq(table.ownerId, julia))))[0]!.n)))
    const totals = async () => inTenant(t, async tx => Promise.all([activities, deals, contacts, companies].map(async table =>
      (await tx.select({ n: count() }).from(table).where(eq(table.orgId, t.orgId)))[0]!.n)))
    const totalsBefore = await totals()
    expect((await owned()).reduce((a, b) => a + b, 0)).toBeGreaterThan(0)
    const token = await tokenOf(t, 'julia')
    await inTenant(t, tx => tx.insert(refreshTokens).values({ orgId: t.orgId, userId: julia, familyId: julia, tokenHash: `rt-${julia}`, expiresAt: new Date(Date.now() + 3_600_000) }))

    expect(await members.remove(t.as('admin'), julia)).toEqual({ id: julia })
    expect(await owned()).toEqual([0, 0, 0, 0])
    expect(await totals()).toEqual(totalsBefore)
    expect(await userRow(t, julia)).toBeUndefined()
    expect(await identify(token)).toBeNull()
    expect(await inTenant(t, tx => tx.select().from(refreshTokens).where(eq(refreshTokens.userId, julia)))).toHaveLength(0)
    const [audit] = await auditOf(t, 'member.remove')
    expect(audit).toMatchObject({ actorId: t.people.admin.id, entity: 'user', entityId: julia, changes: { email: t.people.julia.email, role: 'member' } })
  })

  it('answers 404 for another organization\'s members', async () => {
    await expect(members.updateRole(tenantA.as('owner'), tenantB.people.julia.id, { role: 'viewer' })).rejects.toMatchObject({ status: 404 })
    await expect(members.remove(tenantA.as('owner'), tenantB.people.julia.id)).rejects.toMatchObject({ status: 404 })
    expect((await userRow(tenantB, tenantB.people.julia.id))?.role).toBe('member')
  })
})

describe('ownership', () => {
  it('hands the owner role to another member; the caller becomes admin and both sessions end', async () => {
    const t = await newTenant()
    const [ownerBefore, mehmetBefore] = [await earlierToken(t, 'owner'), await earlierToken(t, 'mehmet')]
    const result = await organization.transferOwnership(t.as('owner'), { userId: t.people.mehmet.id })
    expect(result.owner).toMatchObject({ id: t.people.mehmet.id, role: 'owner' })
    expect(result.previousOwner).toMatchObject({ id: t.people.owner.id, role: 'admin' })
    expect(await identify(ownerBefore)).toBeNull()
    expect(await identify(mehmetBefore)).toBeNull()
    const [audit] = await auditOf(t, 'organization.transfer_ownership')
    expect(audit).toMatchObject({ actorId: t.people.owner.id, entity: 'organization', entityId: t.orgId })
    // The former owner, now admin, may no longer do it.
    await expect(organization.transferOwnership({ ...t.as('owner'), role: 'admin' }, { userId: t.people.julia.id })).rejects.toMatchObject({ status: 403 })
  })

  it('refuses a transfer to oneself or to someone outside the organization', async () => {
    const t = tenantA
    await expect(organization.transferOwnership(t.as('owner'), { userId: t.people.owner.id })).rejects.toMatchObject({ status: 400 })
    await expect(organization.transferOwnership(t.as('owner'), { userId: tenantB.people.julia.id })).rejects.toMatchObject({ status: 404 })
    expect((await userRow(t, t.people.owner.id))?.role).toBe('owner')
  })
})

describe('the organization', () => {
  it('shows its name and settings, and changes some settings while keeping the others', async () => {
    const t = await newTenant()
    expect(await organization.get(t.as('viewer'))).toMatchObject({ id: t.orgId, name: t.name, settings: { defaultCurrency: 'EUR' } })
    const before = await organization.get(t.as('admin'))
    const updated = await organization.update(t.as('admin'), { name: 'Renamed GmbH', settings: { defaultCurrency: 'CHF' } })
    expect(updated).toMatchObject({ name: 'Renamed GmbH', settings: { defaultCurrency: 'CHF', defaultLocale: before.settings.defaultLocale } })
    const [audit] = await auditOf(t, 'organization.update')
    expect(audit?.changes).toEqual({ 'name': { from: t.name, to: 'Renamed GmbH' }, 'settings.defaultCurrency': { from: 'EUR', to: 'CHF' } })
    await organization.update(t.as('admin'), { settings: { defaultCurrency: 'CHF' } })
    expect(await auditOf(t, 'organization.update')).toHaveLength(1)
  })

  it('deletes only after the name is typed exactly, and then everything of it, in one go', async () => {
    const t = await newTenant()
    await invitations$.create(t.as('owner'), { email: `gone-${t.orgId}@example.test`, role: 'member' })
    await apiKeys$.create(t.as('owner'), { name: 'Gone', scope: 'read' })
    await inTenant(t, async (tx) => {
      const soon = new Date(Date.now() + 3_600_000)
      await tx.insert(refreshTokens).values({ orgId: t.orgId, userId: t.people.viewer.id, familyId: t.orgId, tokenHash: `rt-${t.orgId}`, expiresAt: soon })
      await tx.insert(passwordResets).values({ orgId: t.orgId, userId: t.people.viewer.id, tokenHash: `pr-${t.orgId}`, expiresAt: soon })
    })
    const late = await earlierToken(t, 'owner', 0)
    await expect(organization.remove(t.as('owner'), { confirmName: t.name.toUpperCase() })).rejects.toMatchObject({ status: 400 })
    expect(await organization.get(t.as('owner'))).toMatchObject({ id: t.orgId })

    expect(await organization.remove(t.as('owner'), { confirmName: t.name })).toEqual({ id: t.orgId })
    const tables = { organizations, users, companies, contacts, pipelines, deals, activities, auditLogs, refreshTokens, invitations, passwordResets, apiKeys }
    for (const [name, table] of Object.entries(tables)) {
      const rows = await inTenant(t, tx => tx.select().from(table))
      expect(rows, name).toHaveLength(0)
    }
    expect(await identify(late)).toBeNull()
    // The other organization is untouched.
    expect((await members.list(tenantB.as('viewer'), memberListQuery.parse({}))).meta.total).toBeGreaterThanOrEqual(5)
  })
})

describe('invitations', () => {
  const lastMailTo = (to: string) => outboxMails().find(m => m.to === to)
  const tokenFrom = (link: string | null | undefined) => new URL(link!).searchParams.get('token')!

  it('invites by email with a single-use link valid for seven days, storing only its hash', async () => {
    const t = tenantA
    const email = `new-${randomBytes(3).toString('hex')}@example.test`
    const invitation = await invitations$.create(t.as('admin'), { email, role: 'member', locale: 'en' })
    expect(invitation).toMatchObject({ email, role: 'member', locale: 'en' })
    expect(invitation.expiresAt.getTime() - invitation.createdAt.getTime()).toBeGreaterThan(7 * 86_400_000 - 60_000)
    expect(invitation.expiresAt.getTime() - invitation.createdAt.getTime()).toBeLessThan(7 * 86_400_000 + 60_000)

    const mail = lastMailTo(email)
    expect(mail).toMatchObject({ template: 'invitation', locale: 'en' })
    expect(mail!.link).toMatch(/^https:\/\/pulse\.example\/accept-invite\?token=inv_[\w-]{43}$/)
    const token = tokenFrom(mail!.link)
    const [row] = await inTenant(t, tx => tx.select().from(invitations).where(eq(invitations.id, invitation.id)))
    expect(row!.tokenHash).toBe(sha256(token))
    expect(JSON.stringify(row)).not.toContain(token)
    const [audit] = (await auditOf(t, 'invitation.create')).filter(a => a.entityId === invitation.id)
    expect(audit).toMatchObject({ actorId: t.people.admin.id, entity: 'invitation', changes: { email, role: 'member' } })
    expect(JSON.stringify(audit)).not.toContain(token)

    expect(await invitations$.preview(token)).toEqual({ organization: { name: t.name }, email, role: 'member', expiresAt: invitation.expiresAt })
    const pending = await invitations$.list(t.as('admin'), invitationListQuery.parse({}))
    const listed = pending.data.find(i => i.id === invitation.id)
    expect(listed).toMatchObject({ email, role: 'member', invitedBy: { id: t.people.admin.id, name: expect.any(String) } })
  })

  it('caps how many invitations one organization sends per hour', async () => {
    const t = await newTenant()
    for (let i = 0; i < invitations$.INVITATIONS_PER_HOUR; i++) {
      await invitations$.create(t.as('admin'), { email: `bulk-${i}-${randomBytes(3).toString('hex')}@example.test`, role: 'viewer' })
    }
    await expect(invitations$.create(t.as('admin'), { email: `one-more-${randomBytes(3).toString('hex')}@example.test`, role: 'viewer' }))
      .rejects.toMatchObject({ status: 429, code: 'RATE_LIMITED' })
  })

  it('withdraws what a demoted or removed admin sent, so they cannot return through it', async () => {
    const t = await newTenant()
    const mine = await invitations$.create(t.as('admin'), { email: `alt-${randomBytes(3).toString('hex')}@example.test`, role: 'admin' })
    const ownerSent = await invitations$.create(t.as('owner'), { email: `co-${randomBytes(3).toString('hex')}@example.test`, role: 'owner' })
    await members.updateRole(t.as('owner'), t.people.admin.id, { role: 'member' })
    const pendingIds = async () => (await invitations$.list(t.as('owner'), invitationListQuery.parse({}))).data.map(i => i.id)
    expect(await pendingIds()).not.toContain(mine.id)
    expect(await pendingIds()).toContain(ownerSent.id)
    await organization.transferOwnership(t.as('owner'), { userId: t.people.julia.id })
    expect(await pendingIds()).not.toContain(ownerSent.id)
  })

  it('lets only an owner invite an owner', async () => {
    const t = tenantA
    await expect(invitations$.create(t.as('admin'), { email: `boss-${t.orgId}@example.test`, role: 'owner' })).rejects.toMatchObject({ status: 403 })
    expect(await invitations$.create(t.as('owner'), { email: `boss-${t.orgId}@example.test`, role: 'owner' })).toMatchObject({ role: 'owner' })
  })

  it('refuses a member of this organization or an address with a pending invitation here', async () => {
    const t = tenantA
    await expect(invitations$.create(t.as('admin'), { email: t.people.julia.email, role: 'viewer' })).rejects.toMatchObject({ status: 409 })
    const email = `twice-${randomBytes(3).toString('hex')}@example.test`
    const first = await invitations$.create(t.as('admin'), { email, role: 'viewer' })
    await expect(invitations$.create(t.as('admin'), { email, role: 'member' })).rejects.toMatchObject({ status: 409 })
    // Another organization may invite the same address; after a revocation this one may again.
    await invitations$.create(tenantB.as('admin'), { email, role: 'member' })
    await invitations$.revoke(t.as('admin'), first.id)
    expect(await invitations$.create(t.as('admin'), { email, role: 'member' })).toMatchObject({ email })
  })

  it('records an address with an account elsewhere like any other, and mails that person no link to accept', async () => {
    const t = await newTenant()
    const elsewhere = tenantB.people.viewer.email
    const invitation = await invitations$.create(t.as('admin'), { email: elsewhere, role: 'member', locale: 'en' })
    expect(invitation).toMatchObject({ email: elsewhere, role: 'member', locale: 'en' })
    expect((await invitations$.list(t.as('admin'), invitationListQuery.parse({}))).data.map(i => i.id)).toContain(invitation.id)
    const mail = outboxMails().find(m => m.to === elsewhere)!
    expect(mail).toMatchObject({ template: 'invitation_account_exists', locale: 'en', link: 'https://pulse.example/login' })
    expect(mail.text).not.toMatch(/accept-invite|inv_/)
    // The same call for a member of this organization is refused, and that says nothing about other organizations.
    await expect(invitations$.create(t.as('admin'), { email: t.people.julia.email, role: 'viewer' })).rejects.toMatchObject({ status: 409 })
  })

  it('links to the host the request came to outside production (production: tests/api/team.test.ts)', async () => {
    const t = await newTenant()
    const here = { ...t.as('admin'), appUrl: 'http://192.168.1.20:3001' }
    const local = `local-${randomBytes(3).toString('hex')}@example.test`
    await invitations$.create(here, { email: local, role: 'viewer' })
    expect(outboxMails().find(m => m.to === local)!.link).toMatch(/^http:\/\/192\.168\.1\.20:3001\/accept-invite\?token=inv_/)
    expect(appUrlFor(here)).toBe('http://192.168.1.20:3001')
    expect(appUrlFor({})).toBe('https://pulse.example')
  })

  it('counts invitations to addresses with an account elsewhere against the hourly cap', async () => {
    const t = await newTenant()
    for (let i = 0; i < invitations$.INVITATIONS_PER_HOUR - 1; i++) {
      await invitations$.create(t.as('admin'), { email: `probe-${i}-${randomBytes(3).toString('hex')}@example.test`, role: 'viewer' })
    }
    await invitations$.create(t.as('admin'), { email: tenantB.people.julia.email, role: 'viewer' })
    // At the cap, even an address that would be refused anyway gets the same 429: no probing past it.
    for (const email of [tenantB.people.mehmet.email, t.people.julia.email, `fresh-${randomBytes(3).toString('hex')}@example.test`]) {
      await expect(invitations$.create(t.as('admin'), { email, role: 'viewer' })).rejects.toMatchObject({ status: 429 })
    }
  })

  it('makes one invitation of two simultaneous ones for the same address', async () => {
    const email = `race-${randomBytes(3).toString('hex')}@example.test`
    await warmPool()
    const outcomes = await Promise.allSettled([1, 2].map(() => invitations$.create(tenantA.as('admin'), { email, role: 'viewer' })))
    expect(outcomes.map(o => o.status).sort()).toEqual(['fulfilled', 'rejected'])
    const open = await inTenant(tenantA, tx => tx.select().from(invitations).where(eq(invitations.email, email)))
    expect(open).toHaveLength(1)
  })

  it('accepts once: creates the account as invited, signs it in, and the link stops working', async () => {
    const t = tenantA
    const email = `joiner-${randomBytes(3).toString('hex')}@example.test`
    const invitation = await invitations$.create(t.as('owner'), { email, role: 'admin', locale: 'en' })
    const token = tokenFrom(lastMailTo(email)!.link)

    const session = await invitations$.accept({ token, name: 'Jo Iner', password: 'a sturdy passphrase 42' }, ORIGIN)
    expect(session.user).toMatchObject({ email, name: 'Jo Iner', role: 'admin', locale: 'en' })
    expect(session.organization).toMatchObject({ id: t.orgId, name: t.name })
    expect(session).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: expect.any(Number) })
    expect(await identify(session.accessToken)).toMatchObject({ userId: session.user.id, role: 'admin' })
    const created = await userRow(t, session.user.id)
    expect(await verifyPassword(created!.passwordHash, 'a sturdy passphrase 42')).toBe(true)

    const [row] = await inTenant(t, tx => tx.select().from(invitations).where(eq(invitations.id, invitation.id)))
    expect(row!.acceptedAt).toBeInstanceOf(Date)
    const [audit] = (await auditOf(t, 'invitation.accept')).filter(a => a.entityId === invitation.id)
    expect(audit).toMatchObject({ actorId: session.user.id, actorType: 'user', ip: ORIGIN.ip })

    await expect(invitations$.accept({ token, name: 'Again', password: 'a sturdy passphrase 42' }, ORIGIN)).rejects.toMatchObject({ status: 404 })
    await expect(invitations$.preview(token)).rejects.toMatchObject({ status: 404 })
    await expect(invitations$.revoke(t.as('owner'), invitation.id)).rejects.toMatchObject({ status: 409 })
    expect((await invitations$.list(t.as('owner'), invitationListQuery.parse({ limit: '100' }))).data.map(i => i.id)).not.toContain(invitation.id)
  })

  it('refuses a common password and leaves the invitation open', async () => {
    const t = tenantA
    const email = `weak-${randomBytes(3).toString('hex')}@example.test`
    await invitations$.create(t.as('admin'), { email, role: 'viewer' })
    const token = tokenFrom(lastMailTo(email)!.link)
    await expect(invitations$.accept({ token, name: 'Weak', password: 'password123' }, ORIGIN)).rejects.toMatchObject({ status: 400 })
    expect(await invitations$.preview(token)).toMatchObject({ email })
  })

  it('does not accept revoked, expired or unknown invitations', async () => {
    const t = tenantA
    const accept = (token: string) => invitations$.accept({ token, name: 'Late', password: 'a sturdy passphrase 42' }, ORIGIN)
    const revokedEmail = `revoked-${randomBytes(3).toString('hex')}@example.test`
    const revoked = await invitations$.create(t.as('admin'), { email: revokedEmail, role: 'viewer' })
    const revokedToken = tokenFrom(lastMailTo(revokedEmail)!.link)
    expect((await invitations$.revoke(t.as('admin'), revoked.id)).revokedAt).toBeInstanceOf(Date)
    await expect(accept(revokedToken)).rejects.toMatchObject({ status: 404 })
    await expect(invitations$.preview(revokedToken)).rejects.toMatchObject({ status: 404 })
    expect((await auditOf(t, 'invitation.revoke')).filter(a => a.entityId === revoked.id)).toHaveLength(1)

    const expiredEmail = `expired-${randomBytes(3).toString('hex')}@example.test`
    const expired = await invitations$.create(t.as('admin'), { email: expiredEmail, role: 'viewer' })
    const expiredToken = tokenFrom(lastMailTo(expiredEmail)!.link)
    await inTenant(t, tx => tx.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, expired.id)))
    await expect(invitations$.preview(expiredToken)).rejects.toMatchObject({ status: 404 })
    await expect(accept(expiredToken)).rejects.toMatchObject({ status: 404 })
    expect((await invitations$.list(t.as('admin'), invitationListQuery.parse({ limit: '100' }))).data.map(i => i.id)).not.toContain(expired.id)

    await expect(accept(`inv_${randomBytes(32).toString('base64url')}`)).rejects.toMatchObject({ status: 404 })
    const [row] = resultRows<{ n: number }>(await inTenant(t, tx => tx.execute(sql`select count(*)::int as n from users where email in (${revokedEmail}, ${expiredEmail})`)))
    expect(row?.n).toBe(0)
  })

  it('answers 404 for another organization\'s invitations', async () => {
    const other = await invitations$.create(tenantB.as('admin'), { email: `b-${randomBytes(3).toString('hex')}@example.test`, role: 'viewer' })
    await expect(invitations$.revoke(tenantA.as('owner'), other.id)).rejects.toMatchObject({ status: 404 })
    const listedInA = (await invitations$.list(tenantA.as('owner'), invitationListQuery.parse({ limit: '100' }))).data.map(i => i.id)
    expect(listedInA).not.toContain(other.id)
  })
})
