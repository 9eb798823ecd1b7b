import { eq, sql } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { APP_ROLE, contacts, organizations, users } from '../../drizzle/schema'
import { resultRows } from '../../server/database/client'

// The check runs through the process-wide handle (server/utils/auth.ts), configured by the environment.
process.env.DATABASE_URL = inject('databaseUrl')
process.env.PGLITE_DIR = 'memory://'
process.env.PULSE_SEED_DEMO = 'never'
process.env.JWT_SECRET = 'db-test-secret-that-is-long-enough-for-hs256'

const { useDatabaseHandle, closeDatabase } = await import('../../server/utils/db')
const { runAsTenant, runWithoutTenant } = await import('../../server/database/transaction')
const { identifyCredential } = await import('../../server/utils/auth')
const { signAccessToken } = await import('../../server/utils/jwt')
const { createSession, endSession, refreshSession } = await import('../../server/services/sessions')

afterAll(closeDatabase)

const origin = { ip: '203.0.113.9', userAgent: 'vitest' }

/** A new session of the member, as a sign-in starts it: the id its access tokens carry. */
async function sessionOf(member: { orgId: string, userId: string }): Promise<string> {
  const { accessToken } = await createSession(member)
  return (await import('jose')).decodeJwt(accessToken).sid as string
}

async function organizationWithMember(role: 'owner' | 'admin' | 'member' | 'viewer') {
  const { db } = await useDatabaseHandle()
  const orgId = uuidv7()
  const userId = uuidv7()
  await runAsTenant(db, orgId, async (tx) => {
    await tx.insert(organizations).values({ id: orgId, name: `Org ${orgId}` })
    await tx.insert(users).values({ orgId, id: userId, email: `m-${userId}@example.test`, name: 'Member', role })
  })
  return { db, orgId, userId }
}

describe('the session check of a signed-in request (auth_session_user, one statement)', () => {
  it('answers the current role and sessions_valid_after of exactly the (organization, user) pair asked for', async () => {
    const a = await organizationWithMember('admin')
    const b = await organizationWithMember('viewer')
    const [sessionA, sessionB] = [await sessionOf(a), await sessionOf(b)]
    const lookup = (orgId: string, userId: string, session: string) => runWithoutTenant(a.db, async tx => resultRows<{ role: string }>(
      await tx.execute(sql`select role, sessions_valid_after, session_live from auth_session_user(${orgId}, ${userId}, ${session})`)))
    // The runtime role may call it (granted), and it sees through RLS only the pair it is given.
    expect(await lookup(a.orgId, a.userId, sessionA)).toEqual([{ role: 'admin', sessions_valid_after: null, session_live: true }])
    expect(await lookup(b.orgId, b.userId, sessionB)).toEqual([{ role: 'viewer', sessions_valid_after: null, session_live: true }])
    expect(await lookup(b.orgId, a.userId, sessionA)).toEqual([])
    expect(await lookup(a.orgId, b.userId, sessionB)).toEqual([])
    // Another person's session, or another organization's, is never this one's.
    expect(await lookup(a.orgId, a.userId, sessionB)).toEqual([{ role: 'admin', sessions_valid_after: null, session_live: false }])
    expect(await lookup(a.orgId, a.userId, uuidv7())).toEqual([{ role: 'admin', sessions_valid_after: null, session_live: false }])
  })

  it('takes a role change, an ended session and a removal into account on the very next request', async () => {
    const member = await organizationWithMember('admin')
    const { db, orgId, userId } = member
    const token = await signAccessToken({ orgId, userId, role: 'admin', sessionId: await sessionOf(member) })
    expect(await identifyCredential(token, origin)).toMatchObject({ orgId, userId, role: 'admin', actorType: 'user' })

    // Demoted: the token still says admin, the request acts as a viewer.
    await runAsTenant(db, orgId, tx => tx.update(users).set({ role: 'viewer' }).where(eq(users.id, userId)))
    expect(await identifyCredential(token, origin)).toMatchObject({ role: 'viewer' })

    // Sessions ended after the token was issued (e.g. a password change): refused.
    await runAsTenant(db, orgId, tx => tx.update(users).set({ sessionsValidAfter: new Date(Date.now() + 1000) }).where(eq(users.id, userId)))
    expect(await identifyCredential(token, origin)).toBeNull()
    // Ended before it was issued: a newer token is fine.
    await runAsTenant(db, orgId, tx => tx.update(users).set({ sessionsValidAfter: new Date(Date.now() - 60_000) }).where(eq(users.id, userId)))
    expect(await identifyCredential(token, origin)).toMatchObject({ role: 'viewer' })

    // Removed: refused.
    await runAsTenant(db, orgId, tx => tx.delete(users).where(eq(users.id, userId)))
    expect(await identifyCredential(token, origin)).toBeNull()
  })

  it('refuses a token naming a user of another organization', async () => {
    const a = await organizationWithMember('owner')
    const b = await organizationWithMember('owner')
    const forged = await signAccessToken({ orgId: a.orgId, userId: b.userId, role: 'owner', sessionId: await sessionOf(b) })
    expect(await identifyCredential(forged, origin)).toBeNull()
  })

  it('refuses the access tokens of a session the moment it is signed out, and only those', async () => {
    const { orgId, userId } = await organizationWithMember('member')
    const [phone, laptop] = [await createSession({ orgId, userId }), await createSession({ orgId, userId })]
    expect(await identifyCredential(phone.accessToken, origin)).toMatchObject({ userId })
    await endSession(phone.refreshToken)
    expect(await identifyCredential(phone.accessToken, origin)).toBeNull()
    expect(await identifyCredential(laptop.accessToken, origin)).toMatchObject({ userId })
  })

  it('refuses every access token of a family that a reused refresh token revoked, the renewed ones too', async () => {
    const { orgId, userId } = await organizationWithMember('member')
    const first = await createSession({ orgId, userId })
    const renewed = await refreshSession(first.refreshToken)
    expect(await identifyCredential(renewed.accessToken, origin)).toMatchObject({ userId })
    // The first refresh token again, after its rotation: theft, so the whole family is revoked.
    await expect(refreshSession(first.refreshToken)).rejects.toMatchObject({ status: 401 })
    for (const token of [first.accessToken, renewed.accessToken]) expect(await identifyCredential(token, origin)).toBeNull()
  })

  it('refuses a token of a session that never existed, however well signed', async () => {
    const { orgId, userId } = await organizationWithMember('owner')
    expect(await identifyCredential(await signAccessToken({ orgId, userId, role: 'owner', sessionId: uuidv7() }), origin)).toBeNull()
  })
})

describe('a tenant transaction (settings sent ahead of the first statement)', () => {
  it('runs its very first statement as the runtime role, confined to the organization', async () => {
    const { db, orgId } = await organizationWithMember('owner')
    const [seen] = await runAsTenant(db, orgId, async tx => resultRows<{ who: string, org: string }>(
      await tx.execute(sql`select current_user as who, current_setting('app.org_id') as org`)))
    expect(seen).toEqual({ who: APP_ROLE, org: orgId })
    // And the settings end with it.
    const [after] = await runWithoutTenant(db, async tx => resultRows<{ org: string | null }>(
      await tx.execute(sql`select nullif(current_setting('app.org_id', true), '') as org`)))
    expect(after).toEqual({ org: null })
  })

  it('throws the failing statement\'s own error and rolls everything back', async () => {
    const { db, orgId } = await organizationWithMember('owner')
    const id = uuidv7()
    const failure = await runAsTenant(db, orgId, async (tx) => {
      await tx.insert(contacts).values({ orgId, id, firstName: 'Roll', lastName: 'Back' })
      await tx.execute(sql`select 1 / 0`)
    }).then(() => null, (error: unknown) => error as Error & { cause?: Error })
    expect(`${failure?.message} ${failure?.cause?.message ?? ''}`).toMatch(/division by zero/)
    const rows = await runAsTenant(db, orgId, tx => tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.id, id)))
    expect(rows).toEqual([])
  })
})
