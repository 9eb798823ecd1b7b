import { randomBytes } from 'node:crypto'
import { and, eq, isNotNull, isNull } from 'drizzle-orm'
import { Redis } from 'ioredis'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { auditLogs, organizations, passwordResets, pipelines, refreshTokens, users } from '../../drizzle/schema'
import type { ApiError } from '../../server/utils/api'
import type { TenantContext } from '../../server/utils/tenant'

// The services reach the database through the process-wide handle, configured by the environment.
process.env.DATABASE_URL = inject('databaseUrl')
process.env.PGLITE_DIR = 'memory://'
process.env.PULSE_SEED_DEMO = 'never'
process.env.JWT_SECRET = 'db-test-secret-that-is-long-enough-for-hs256'
process.env.APP_URL = 'https://crm.example.test'
// No Resend: mails land in the development outbox, where these tests read them.
delete process.env.RESEND_API_KEY
// Sign-in locks count in the real Redis (.ci/run starts it), under a prefix of this file's own.
process.env.REDIS_URL = process.env.PULSE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
process.env.RATE_LIMIT_PREFIX = `pulse-test-db:${randomBytes(6).toString('hex')}`

const { useDatabaseHandle, closeDatabase } = await import('../../server/utils/db')
const { runAsTenant } = await import('../../server/database/transaction')
const { defaultPipeline } = await import('../../server/database/pipelines')
const { verifyAccessToken } = await import('../../server/utils/jwt')
const { outboxMails } = await import('../../server/utils/mail')
const { renderMail } = await import('../../server/mail/templates')
const auth = await import('../../server/services/auth')
const sessions = await import('../../server/services/sessions')

/** A sign-in of someone without a second factor: the session itself, never a challenge. */
async function passwordSignIn(...args: Parameters<typeof auth.login>) {
  const answer = await auth.login(...args)
  if ('mfaRequired' in answer) throw new Error('expected a session, got a second-factor challenge')
  return answer
}
const { closeRateLimits, liftSignInLock, lockSeconds } = await import('../../server/utils/rate-limit')
const en = (await import('../../locales/en.json')).default
const de = (await import('../../locales/de.json')).default

afterAll(async () => {
  await Promise.all([closeDatabase(), closeRateLimits()])
  const redis = new Redis(process.env.REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 0 })
  try {
    await redis.connect()
    const keys = await redis.keys(`${process.env.RATE_LIMIT_PREFIX}:*`)
    if (keys.length) await redis.del(...keys)
  }
  catch { /* Redis is not answering: the locks were counted in memory */ }
  finally {
    redis.disconnect()
  }
})

const PASSWORD = 'correct horse battery staple'
const client = { ip: '203.0.113.7', userAgent: 'vitest' }

const uniqueEmail = (label: string) => `${label}-${randomBytes(5).toString('hex')}@example.test`

async function signUp(label: string, locale: 'de' | 'en' = 'en', email = uniqueEmail(label)) {
  const result = await auth.register({ organizationName: `Org ${label}`, name: `Owner ${label}`, email, password: PASSWORD }, { ...client, locale })
  return { ...result, email }
}

/** Runs a query as the tenant (RLS applies), for assertions on rows the services wrote. */
async function asTenant<T>(orgId: string, work: Parameters<typeof runAsTenant<T>>[2]): Promise<T> {
  const { db } = await useDatabaseHandle()
  return runAsTenant(db, orgId, work)
}

async function failure(promise: Promise<unknown>): Promise<ApiError & { retryAfter?: number }> {
  const outcome = await promise.then(() => null, (error: unknown) => error)
  if (!outcome) throw new Error('expected the call to fail')
  return outcome as ApiError & { retryAfter?: number }
}

function ctxOf(signedIn: { user: { id: string, role: TenantContext['role'] }, organization: { id: string } }): TenantContext {
  return { orgId: signedIn.organization.id, userId: signedIn.user.id, role: signedIn.user.role, actorType: 'user', ...client }
}

describe('registration', () => {
  it('creates the organization, its owner and a localised sales pipeline in one go', async () => {
    const result = await signUp('reg', 'en')
    expect(result.user).toEqual({ id: expect.any(String), email: result.email, name: 'Owner reg', role: 'owner', locale: 'en' })
    expect(result.organization).toEqual({ id: expect.any(String), name: 'Org reg' })
    expect(result.refreshToken).toMatch(/^rt_[\w-]{43}$/)
    expect(result.expiresIn).toBe(900)
    expect(await verifyAccessToken(result.accessToken)).toMatchObject({ userId: result.user.id, orgId: result.organization.id, role: 'owner' })

    const orgId = result.organization.id
    const [org] = await asTenant(orgId, tx => tx.select().from(organizations).where(eq(organizations.id, orgId)))
    expect(org!.settings).toEqual({ defaultCurrency: 'EUR', defaultLocale: 'en' })
    const [pipeline] = await asTenant(orgId, tx => tx.select().from(pipelines).where(eq(pipelines.orgId, orgId)))
    expect(pipeline!.name).toBe('Sales')
    expect(pipeline!.stages.map(s => s.name)).toEqual(['Qualification', 'Needs analysis', 'Proposal', 'Negotiation', 'Won', 'Lost'])
    const [owner] = await asTenant(orgId, tx => tx.select().from(users).where(eq(users.orgId, orgId)))
    expect(owner!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,/)
    const trail = await asTenant(orgId, tx => tx.select().from(auditLogs).where(eq(auditLogs.orgId, orgId)))
    expect(trail).toEqual([expect.objectContaining({ action: 'user.register', entity: 'user', entityId: owner!.id, actorId: owner!.id, actorType: 'user', ip: '203.0.113.7', userAgent: 'vitest' })])
    expect(JSON.stringify(trail)).not.toContain(PASSWORD)
  })

  it('names the pipeline in German by default, in English for an English sign-up', async () => {
    const result = await signUp('reg-de', 'de')
    const orgId = result.organization.id
    const [pipeline] = await asTenant(orgId, tx => tx.select().from(pipelines).where(eq(pipelines.orgId, orgId)))
    const strip = (stages: Array<{ name: string, probability: number, kind: string, position: number }>) =>
      stages.map(({ name, probability, kind, position }) => ({ name, probability, kind, position }))
    expect(pipeline!.name).toBe('Vertrieb')
    expect(strip(pipeline!.stages)).toEqual(strip(defaultPipeline('de').stages))
    expect(pipeline!.stages.map(s => s.name)).toContain('Bedarfsanalyse')
    const english = await signUp('reg-en', 'en')
    const [sales] = await asTenant(english.organization.id, tx => tx.select().from(pipelines).where(eq(pipelines.orgId, english.organization.id)))
    expect(sales!.name).toBe('Sales')
    expect(sales!.stages.map(s => s.kind)).toEqual(['open', 'open', 'open', 'open', 'won', 'lost'])
  })

  it('refuses an email that already has an account, also when two sign-ups race', async () => {
    const first = await signUp('dup')
    const again = await failure(signUp('dup', 'en', first.email))
    expect(again).toMatchObject({ status: 409, code: 'CONFLICT' })
    expect(again.message).not.toMatch(/exist/i)

    const email = uniqueEmail('race')
    const outcomes = await Promise.allSettled([signUp('race-a', 'en', email), signUp('race-b', 'en', email)])
    expect(outcomes.filter(o => o.status === 'fulfilled')).toHaveLength(1)
    const rejected = outcomes.find(o => o.status === 'rejected') as PromiseRejectedResult
    expect(rejected.reason).toMatchObject({ status: 409, code: 'CONFLICT', message: again.message })
  })

  it('refuses a common password before creating anything', async () => {
    const email = uniqueEmail('weak')
    const error = await failure(auth.register({ organizationName: 'Weak', name: 'W', email, password: 'Password1' }, { locale: 'de' }))
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_ERROR', details: [{ path: 'password', message: expect.stringContaining('common') }] })
    expect(await failure(auth.login({ email, password: 'Password1' }))).toMatchObject({ status: 401 })
  })

  it('picks the language from the UI cookie, then Accept-Language, then German', () => {
    expect(auth.preferredLocale('en', 'de-DE')).toBe('en')
    expect(auth.preferredLocale(undefined, 'fr-FR,fr;q=0.9,en-GB;q=0.8,de;q=0.7')).toBe('en')
    expect(auth.preferredLocale(undefined, 'en;q=0.2, de-AT')).toBe('de')
    expect(auth.preferredLocale('xx', 'ja-JP')).toBe('de')
    expect(auth.preferredLocale(undefined, undefined)).toBe('de')
    expect(auth.preferredLocale(undefined, 'en;q=0')).toBe('de')
  })
})

describe('sign-in', () => {
  it('answers the sign-up shape with a refresh token and records the login', async () => {
    const account = await signUp('login')
    const result = await passwordSignIn({ email: account.email, password: PASSWORD }, client)
    expect(Object.keys(result).sort()).toEqual(['accessToken', 'expiresIn', 'organization', 'refreshToken', 'user'])
    expect(result.user).toEqual(account.user)
    expect(result.organization).toEqual(account.organization)
    const orgId = account.organization.id
    const trail = await asTenant(orgId, tx => tx.select({ action: auditLogs.action }).from(auditLogs).where(eq(auditLogs.orgId, orgId)))
    expect(trail.map(t => t.action).sort()).toEqual(['user.login', 'user.register'])
  })

  it('answers a wrong password and an unknown email with the same error', async () => {
    const account = await signUp('same')
    const wrong = await failure(auth.login({ email: account.email, password: 'not the password' }))
    const unknown = await failure(auth.login({ email: uniqueEmail('nobody'), password: 'not the password' }))
    expect(wrong).toMatchObject({ status: 401, code: 'UNAUTHORIZED' })
    expect([unknown.status, unknown.code, unknown.message]).toEqual([wrong.status, wrong.code, wrong.message])
  })

  const attacker = { ip: '198.51.100.66', userAgent: 'guesser' }
  const office = { ip: '203.0.113.80', userAgent: 'owner' }

  it('locks an account for the guessing address after five failures in a row, and an unknown email exactly alike', async () => {
    const account = await signUp('lock')
    const sequence = async (email: string) => {
      const answers: Array<[number, number | undefined]> = []
      for (let i = 0; i < 7; i++) {
        const error = await failure(auth.login({ email, password: `wrong-${i}` }, attacker))
        answers.push([error.status, error.retryAfter])
      }
      return answers
    }
    const known = await sequence(account.email)
    const unknown = await sequence(uniqueEmail('ghost'))
    expect(known.slice(0, 5)).toEqual(Array(5).fill([401, undefined]))
    expect(known[5]![0]).toBe(429)
    expect(known[5]![1]).toBeGreaterThanOrEqual(29)
    expect(known[5]![1]).toBeLessThanOrEqual(30)
    expect(unknown.map(([status]) => status)).toEqual(known.map(([status]) => status))
    expect(unknown[6]![1]).toBeGreaterThanOrEqual(29)
    // From the guessing address, the right password does not get through the lock either.
    expect(await failure(auth.login({ email: account.email, password: PASSWORD }, attacker))).toMatchObject({ status: 429, code: 'RATE_LIMITED' })
  })

  it('never locks the owner out from their own network: the lock belongs to the guessing address', async () => {
    const account = await signUp('weapon')
    for (let i = 0; i < 12; i++) await failure(auth.login({ email: account.email.toUpperCase(), password: `wrong-${i}` }, attacker))
    expect(await failure(auth.login({ email: account.email, password: 'wrong' }, attacker))).toMatchObject({ status: 429 })
    expect(await auth.login({ email: account.email, password: PASSWORD }, office)).toMatchObject({ user: { email: account.email } })
    // The owner's success ends nothing of the attacker's lock.
    expect(await failure(auth.login({ email: account.email, password: PASSWORD }, attacker))).toMatchObject({ status: 429 })
    // An IPv6 attacker is one subject per /64, whichever address of it they use.
    const v6 = (n: number) => ({ ip: `2001:db8:4:2::${n.toString(16)}`, userAgent: 'guesser' })
    for (let i = 0; i < 5; i++) await failure(auth.login({ email: account.email, password: 'wrong' }, v6(i + 1)))
    expect(await failure(auth.login({ email: account.email, password: PASSWORD }, v6(99)))).toMatchObject({ status: 429 })
    expect(await auth.login({ email: account.email, password: PASSWORD }, { ip: '2001:db8:4:3::1' })).toMatchObject({ user: { email: account.email } })
  })

  it('doubles the lock with every further failure, up to 15 minutes, and resets it on success', async () => {
    const account = await signUp('double')
    for (let i = 0; i < 5; i++) await failure(auth.login({ email: account.email, password: 'wrong' }, attacker))
    const locks: number[] = []
    for (let i = 0; i < 7; i++) {
      locks.push((await failure(auth.login({ email: account.email, password: 'wrong' }, attacker))).retryAfter!)
      await liftSignInLock(account.email, attacker.ip)
      await failure(auth.login({ email: account.email, password: 'wrong' }, attacker))
    }
    expect(locks.map(s => Math.round(s / 10) * 10)).toEqual([30, 60, 120, 240, 480, 900, 900])
    expect([1, 5, 6, 10, 11, 50].map(lockSeconds)).toEqual([0, 30, 60, 900, 900, 900])

    await liftSignInLock(account.email, attacker.ip)
    await auth.login({ email: account.email, password: PASSWORD }, attacker)
    // The count starts over: four more failures lock nothing.
    for (let i = 0; i < 4; i++) expect(await failure(auth.login({ email: account.email, password: 'wrong' }, attacker))).toMatchObject({ status: 401 })
  })

  it('lets no more than five guesses through when they arrive all at once', async () => {
    const account = await signUp('burst')
    const outcomes = await Promise.all(Array.from({ length: 9 }, (_, i) => failure(auth.login({ email: account.email, password: `guess-${i}` }, attacker))))
    expect(outcomes.filter(e => e.status === 401)).toHaveLength(5)
    expect(outcomes.filter(e => e.status === 429)).toHaveLength(4)
  })
})

describe('refresh tokens', () => {
  it('rotates on every use within one family and stores only hashes', async () => {
    const account = await signUp('rotate')
    const orgId = account.organization.id
    const next = await sessions.refreshSession(account.refreshToken, client)
    expect(next.refreshToken).not.toBe(account.refreshToken)
    expect(await verifyAccessToken(next.accessToken)).toMatchObject({ userId: account.user.id })
    const third = await sessions.refreshSession(next.refreshToken, client)

    const rows = await asTenant(orgId, tx => tx.select().from(refreshTokens).where(eq(refreshTokens.orgId, orgId)).orderBy(refreshTokens.id))
    expect(rows).toHaveLength(3)
    expect(new Set(rows.map(r => r.familyId)).size).toBe(1)
    expect(rows.map(r => !!r.rotatedAt)).toEqual([true, true, false])
    expect(rows.every(r => !r.revokedAt && r.ip === '203.0.113.7')).toBe(true)
    const stored = JSON.stringify(rows)
    for (const token of [account.refreshToken, next.refreshToken, third.refreshToken]) expect(stored).not.toContain(token)
    const days = (rows[2]!.expiresAt.getTime() - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(6.99)
    expect(days).toBeLessThanOrEqual(7)
  })

  it('renews a session for at most 30 days after its sign-in', async () => {
    const DAY = 86_400_000
    for (const [age, renews] of [[29, true], [30.001, false]] as const) {
      const account = await signUp(`lifetime-${age}`)
      const orgId = account.organization.id
      // The sign-in happened `age` days ago: its family id says so, and its token was minted with the cap.
      const familyId = uuidv7({ msecs: Date.now() - age * DAY })
      await asTenant(orgId, tx => tx.update(refreshTokens).set({ familyId, expiresAt: sessions.refreshExpiry(familyId) }).where(eq(refreshTokens.orgId, orgId)))
      const renewed = sessions.refreshSession(account.refreshToken, client)
      if (!renews) {
        expect(await failure(renewed), `${age} days`).toMatchObject({ status: 401 })
        continue
      }
      await renewed
      const [current] = await asTenant(orgId, tx => tx.select().from(refreshTokens).where(and(eq(refreshTokens.orgId, orgId), isNull(refreshTokens.rotatedAt))))
      // One day left of the 30, not the usual 7.
      expect(current!.familyId).toBe(familyId)
      expect(Math.abs(current!.expiresAt.getTime() - (Date.now() - age * DAY + 30 * DAY))).toBeLessThan(5_000)
    }
  })

  it('revokes the whole family when a rotated token comes back', async () => {
    const account = await signUp('reuse')
    const owner = await sessions.refreshSession(account.refreshToken) // the owner's newer token
    const thief = await failure(sessions.refreshSession(account.refreshToken)) // the stolen old one
    expect(thief).toMatchObject({ status: 401, code: 'UNAUTHORIZED' })
    expect(await failure(sessions.refreshSession(owner.refreshToken))).toMatchObject({ status: 401 })
    const orgId = account.organization.id
    const rows = await asTenant(orgId, tx => tx.select({ revokedAt: refreshTokens.revokedAt }).from(refreshTokens).where(eq(refreshTokens.orgId, orgId)))
    expect(rows.every(r => r.revokedAt)).toBe(true)
  })

  it('leaves no valid token when the same one is refreshed twice at once', async () => {
    for (let round = 0; round < 3; round++) {
      const account = await signUp(`race-${round}`)
      const outcomes = await Promise.allSettled([
        sessions.refreshSession(account.refreshToken),
        sessions.refreshSession(account.refreshToken),
      ])
      const won = outcomes.filter((o): o is PromiseFulfilledResult<Awaited<ReturnType<typeof sessions.refreshSession>>> => o.status === 'fulfilled')
      expect(won).toHaveLength(1)
      expect(await failure(sessions.refreshSession(won[0]!.value.refreshToken))).toMatchObject({ status: 401 })
      const orgId = account.organization.id
      const live = await asTenant(orgId, tx => tx.select().from(refreshTokens).where(eq(refreshTokens.orgId, orgId)))
      expect(live.filter(r => !r.revokedAt && !r.rotatedAt)).toEqual([])
    }
  })

  it('refuses unknown and expired tokens without touching the family', async () => {
    expect(await failure(sessions.refreshSession('rt_unknown'))).toMatchObject({ status: 401 })
    const account = await signUp('expired')
    const orgId = account.organization.id
    const other = await passwordSignIn({ email: account.email, password: PASSWORD })
    await asTenant(orgId, tx => tx.update(refreshTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(refreshTokens.orgId, orgId)))
    expect(await failure(sessions.refreshSession(account.refreshToken))).toMatchObject({ status: 401 })
    const rows = await asTenant(orgId, tx => tx.select({ revokedAt: refreshTokens.revokedAt }).from(refreshTokens).where(eq(refreshTokens.orgId, orgId)))
    expect(rows.every(r => !r.revokedAt)).toBe(true)
    expect(other.refreshToken).toBeTruthy()
  })

  it('logs one device out and ignores unknown tokens', async () => {
    const account = await signUp('logout')
    const laptop = await passwordSignIn({ email: account.email, password: PASSWORD })
    const rotated = await sessions.refreshSession(account.refreshToken)
    await sessions.endSession(account.refreshToken) // an old token of the family still names it
    expect(await failure(sessions.refreshSession(rotated.refreshToken))).toMatchObject({ status: 401 })
    expect(await sessions.refreshSession(laptop.refreshToken)).toHaveProperty('accessToken')
    await expect(sessions.endSession('rt_not-a-token')).resolves.toBeUndefined()
  })

  it('creates sessions for other services and revokes every one of them', async () => {
    const account = await signUp('revoke')
    const orgId = account.organization.id
    const extra = await sessions.createSession({ orgId, userId: account.user.id, ip: null, userAgent: 'other device' })
    const before = Date.now()
    await asTenant(orgId, tx => sessions.revokeAllSessions(tx, orgId, account.user.id))
    for (const token of [account.refreshToken, extra.refreshToken]) {
      expect(await failure(sessions.refreshSession(token))).toMatchObject({ status: 401 })
    }
    const [user] = await asTenant(orgId, tx => tx.select({ after: users.sessionsValidAfter }).from(users).where(eq(users.orgId, orgId)))
    expect(user!.after!.getTime()).toBeGreaterThanOrEqual(before)
    const claims = await verifyAccessToken(account.accessToken)
    expect(claims!.issuedAt.getTime()).toBeLessThan(user!.after!.getTime())
  })
})

describe('browser sessions: single-flight refresh', () => {
  /** A web-app sign-in: its refresh tokens are `rtb_…` and get the reuse grace. */
  async function browserSession(label: string) {
    const account = await signUp(label)
    const session = await passwordSignIn({ email: account.email, password: PASSWORD }, { ...client, browser: true })
    return { ...account, ...session }
  }

  const rotatedLongAgo = (orgId: string, seconds: number) =>
    asTenant(orgId, tx => tx.update(refreshTokens).set({ rotatedAt: new Date(Date.now() - seconds * 1000) })
      .where(and(eq(refreshTokens.orgId, orgId), isNotNull(refreshTokens.rotatedAt))))

  it('marks browser tokens and keeps API tokens as they were', async () => {
    const session = await browserSession('mark')
    expect(session.refreshToken).toMatch(/^rtb_[\w-]{43}$/)
    expect((await sessions.refreshSession(session.refreshToken)).refreshToken).toMatch(/^rtb_[\w-]{43}$/)
    expect((await passwordSignIn({ email: session.email, password: PASSWORD })).refreshToken).toMatch(/^rt_[\w-]{43}$/)
  })

  it('answers a just-rotated token with the same successor, and mints nothing', async () => {
    const session = await browserSession('grace')
    const orgId = session.organization.id
    const winner = await sessions.refreshSession(session.refreshToken)
    const late = await sessions.refreshSession(session.refreshToken)
    expect(late.refreshToken).toBe(winner.refreshToken)
    expect(late.accessToken).not.toBe(winner.accessToken)
    expect(await verifyAccessToken(late.accessToken)).toMatchObject({ userId: session.user.id, orgId })
    // The sign-up's token, the sign-in's (rotated once) and its one successor: no second successor.
    const rows = await asTenant(orgId, tx => tx.select().from(refreshTokens).where(eq(refreshTokens.orgId, orgId)))
    expect(rows).toHaveLength(3)
    expect(rows.filter(r => r.rotatedAt)).toHaveLength(1)
    expect(rows.some(r => r.revokedAt)).toBe(false)
    expect(await sessions.refreshSession(winner.refreshToken)).toHaveProperty('accessToken')
  })

  it('lets every one of several simultaneous refreshes succeed with one successor', async () => {
    for (let round = 0; round < 3; round++) {
      const session = await browserSession(`herd-${round}`)
      const answers = await Promise.all([1, 2, 3, 4].map(() => sessions.refreshSession(session.refreshToken)))
      expect(new Set(answers.map(a => a.refreshToken)).size).toBe(1)
      expect(await sessions.refreshSession(answers[0]!.refreshToken)).toHaveProperty('accessToken')
    }
  })

  it('follows a chain of rotations to its current token, so a late answer cannot set an old cookie', async () => {
    const session = await browserSession('chain')
    const second = await sessions.refreshSession(session.refreshToken)
    const third = await sessions.refreshSession(second.refreshToken)
    expect((await sessions.refreshSession(session.refreshToken)).refreshToken).toBe(third.refreshToken)
    expect((await sessions.refreshSession(second.refreshToken)).refreshToken).toBe(third.refreshToken)
    expect(await sessions.refreshSession(third.refreshToken)).toHaveProperty('accessToken')
  })

  it('still revokes the family when a rotated token comes back after the grace time', async () => {
    const session = await browserSession('late')
    const orgId = session.organization.id
    const current = await sessions.refreshSession(session.refreshToken)
    await rotatedLongAgo(orgId, sessions.REFRESH_REUSE_GRACE_SECONDS + 1)
    expect(await failure(sessions.refreshSession(session.refreshToken))).toMatchObject({ status: 401 })
    expect(await failure(sessions.refreshSession(current.refreshToken))).toMatchObject({ status: 401 })
  })

  it('gives nothing back for a rotated token once the family is signed out or revoked', async () => {
    const session = await browserSession('ended')
    const current = await sessions.refreshSession(session.refreshToken)
    await sessions.endSession(current.refreshToken)
    expect(await failure(sessions.refreshSession(session.refreshToken))).toMatchObject({ status: 401 })

    const other = await browserSession('ended-all')
    const orgId = other.organization.id
    await sessions.refreshSession(other.refreshToken)
    await asTenant(orgId, tx => sessions.revokeAllSessions(tx, orgId, other.user.id))
    expect(await failure(sessions.refreshSession(other.refreshToken))).toMatchObject({ status: 401 })
  })
})

describe('profile and password change', () => {
  it('updates the own name and language', async () => {
    const account = await signUp('profile')
    const updated = await auth.updateProfile(ctxOf(account), { name: 'Renamed', locale: 'de' })
    expect(updated.user).toMatchObject({ name: 'Renamed', locale: 'de', email: account.email })
    expect(updated.organization.settings.defaultCurrency).toBe('EUR')
  })

  it('checks the current password, refuses common new ones, and ends the other sessions', async () => {
    const account = await signUp('change')
    const ctx = ctxOf(account)
    const elsewhere = await passwordSignIn({ email: account.email, password: PASSWORD })
    expect(await failure(auth.changePassword(ctx, { currentPassword: 'wrong password', newPassword: 'a brand new secret' })))
      .toMatchObject({ status: 400, details: [{ path: 'currentPassword', message: 'is incorrect' }] })
    expect(await failure(auth.changePassword(ctx, { currentPassword: PASSWORD, newPassword: 'iloveyou' })))
      .toMatchObject({ status: 400, details: [{ path: 'newPassword', message: expect.stringContaining('common') }] })

    const fresh = await auth.changePassword(ctx, { currentPassword: PASSWORD, newPassword: 'a brand new secret' })
    expect(Object.keys(fresh).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken'])
    for (const token of [account.refreshToken, elsewhere.refreshToken]) {
      expect(await failure(sessions.refreshSession(token))).toMatchObject({ status: 401 })
    }
    expect(await sessions.refreshSession(fresh.refreshToken)).toHaveProperty('accessToken')
    const orgId = account.organization.id
    const [user] = await asTenant(orgId, tx => tx.select({ after: users.sessionsValidAfter }).from(users).where(eq(users.orgId, orgId)))
    expect((await verifyAccessToken(fresh.accessToken))!.issuedAt.getTime()).toBeGreaterThanOrEqual(user!.after!.getTime())
    expect((await verifyAccessToken(elsewhere.accessToken))!.issuedAt.getTime()).toBeLessThan(user!.after!.getTime())

    expect(await failure(auth.login({ email: account.email, password: PASSWORD }))).toMatchObject({ status: 401 })
    expect(await auth.login({ email: account.email, password: 'a brand new secret' })).toHaveProperty('refreshToken')
    const trail = await asTenant(orgId, tx => tx.select({ action: auditLogs.action }).from(auditLogs).where(and(eq(auditLogs.orgId, orgId), eq(auditLogs.action, 'user.password_change'))))
    expect(trail).toHaveLength(1)
  })

  it('refuses API keys', async () => {
    const account = await signUp('apikey')
    const ctx: TenantContext = { ...ctxOf(account), userId: null, actorType: 'api_key' }
    expect(await failure(auth.changePassword(ctx, { currentPassword: PASSWORD, newPassword: 'whatever it is 1' }))).toMatchObject({ status: 403 })
  })
})

describe('password reset', () => {
  const mailsTo = (email: string) => outboxMails().filter(m => m.to === email)
  const tokenOf = (link: string | null) => new URL(link!).searchParams.get('token')!

  it('mails nothing for an unknown email, and the same answer', async () => {
    const email = uniqueEmail('unknown-reset')
    const { delivery } = await auth.requestPasswordReset({ email })
    await delivery
    expect(mailsTo(email)).toEqual([])
  })

  it('mails a one-hour single-use link in the user\'s language and sets the password with it', async () => {
    const account = await signUp('reset', 'de')
    const orgId = account.organization.id
    // The lock of this device's address is lifted by a reset.
    for (let i = 0; i < 6; i++) await failure(auth.login({ email: account.email, password: 'wrong' }, client))
    expect(await failure(auth.login({ email: account.email, password: PASSWORD }, client))).toMatchObject({ status: 429 })
    await (await auth.requestPasswordReset({ email: account.email })).delivery

    const [mail] = mailsTo(account.email)
    expect(mail).toMatchObject({ template: 'password_reset', locale: 'de', subject: de.email.password_reset.subject })
    expect(mail!.link).toMatch(/^https:\/\/crm\.example\.test\/reset-password\?token=pr_[\w-]{43}$/)
    expect(mail!.text).toContain(mail!.link)
    expect(mail!.text).toContain('Hallo Owner reset,')
    const token = tokenOf(mail!.link)
    const [row] = await asTenant(orgId, tx => tx.select().from(passwordResets).where(eq(passwordResets.orgId, orgId)))
    expect(row!.tokenHash).not.toContain(token)
    expect((row!.expiresAt.getTime() - Date.now()) / 60_000).toBeGreaterThan(59)

    // A refused password does not use the link up.
    expect(await failure(auth.resetPassword({ token, password: 'qwertyuiop' }))).toMatchObject({ status: 400, details: [{ path: 'password' }] })
    const result = await auth.resetPassword({ token, password: 'a reset new secret' }, client)
    expect(result.user).toEqual(account.user)
    expect(result.refreshToken).toMatch(/^rt_/)
    const again = await failure(auth.resetPassword({ token, password: 'another new secret' }))
    expect(again).toMatchObject({ status: 400, code: 'VALIDATION_ERROR', details: [{ path: 'token' }] })

    expect(await failure(sessions.refreshSession(account.refreshToken))).toMatchObject({ status: 401 })
    expect(await auth.login({ email: account.email, password: 'a reset new secret' }, client)).toHaveProperty('accessToken')
    const trail = await asTenant(orgId, tx => tx.select({ action: auditLogs.action }).from(auditLogs).where(eq(auditLogs.orgId, orgId)))
    expect(trail.map(t => t.action)).toContain('user.password_reset')
  })

  it('refuses expired and unknown tokens, and sends at most three links an hour', async () => {
    const account = await signUp('reset-limits')
    const orgId = account.organization.id
    for (let i = 0; i < 5; i++) await (await auth.requestPasswordReset({ email: account.email })).delivery
    const mails = mailsTo(account.email)
    expect(mails).toHaveLength(3)
    expect(mails[0]!.subject).toBe(en.email.password_reset.subject)
    await asTenant(orgId, tx => tx.update(passwordResets).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(passwordResets.orgId, orgId)))
    expect(await failure(auth.resetPassword({ token: tokenOf(mails[0]!.link), password: 'a fine new secret' }))).toMatchObject({ status: 400 })
    expect(await failure(auth.resetPassword({ token: 'pr_nothing', password: 'a fine new secret' }))).toMatchObject({ status: 400 })
  })

  it('invalidates the other links of the account once one is used', async () => {
    const account = await signUp('reset-two')
    await (await auth.requestPasswordReset({ email: account.email })).delivery
    await (await auth.requestPasswordReset({ email: account.email })).delivery
    const [newer, older] = mailsTo(account.email)
    await auth.resetPassword({ token: tokenOf(newer!.link), password: 'first new secret' })
    expect(await failure(auth.resetPassword({ token: tokenOf(older!.link), password: 'second new secret' }))).toMatchObject({ status: 400 })
  })
})

describe('mail templates', () => {
  const leaves = (value: unknown, prefix = ''): string[] => value && typeof value === 'object'
    ? Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k))
    : [prefix]

  it('has the same email keys in both languages, snake_case', () => {
    expect(leaves(de.email)).toEqual(leaves(en.email))
    for (const key of leaves(en.email)) expect(key).toMatch(/^[a-z_]+(\.[a-z_]+)*$/)
  })

  it('escapes values in HTML and translates the role of an invitation', () => {
    const data = { organization: 'Müller & <Söhne>', inviter: '"Eve" <script>', role: 'admin', link: 'https://crm.example.test/accept-invite?token=i_abc&x=1' }
    for (const locale of ['de', 'en'] as const) {
      const mail = renderMail('invitation', locale, data)
      expect(mail.html).not.toContain('<script>')
      expect(mail.html).toContain('Müller &amp; &lt;Söhne&gt;')
      expect(mail.html).toContain('href="https://crm.example.test/accept-invite?token=i_abc&amp;x=1"')
      expect(mail.text).toContain('https://crm.example.test/accept-invite?token=i_abc&x=1')
      expect(mail.text).toContain('Müller & <Söhne>')
      expect(mail.html).toContain(`<html lang="${locale}">`)
    }
    expect(renderMail('invitation', 'de', data).subject).toBe('"Eve" <script> hat Sie zu Müller & <Söhne> in Pulse eingeladen')
    expect(renderMail('invitation', 'de', data).text).toContain(`als ${de.roles.admin} beizutreten`)
    expect(renderMail('invitation', 'en', { ...data, role: 'viewer' }).text).toContain(`as ${en.roles.viewer}.`)
  })

  it('refuses missing data and links that are not http(s)', () => {
    expect(() => renderMail('password_reset', 'en', { name: 'A' })).toThrow(/data\.link/)
    expect(() => renderMail('password_reset', 'en', { name: 'A', link: 'javascript:alert(1)' })).toThrow(/http/)
  })
})
