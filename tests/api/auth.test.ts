import { randomBytes } from 'node:crypto'
import { describe, expect, inject, it } from 'vitest'
import { call } from '../support/http'
import { receivedMails, waitForMails } from '../support/mail-server'

const PASSWORD = 'correct horse battery staple'
const mailServer = () => inject('mailServerUrl')

const uniqueEmail = (label: string) => `${label}-${randomBytes(5).toString('hex')}@example.test`

interface SignedIn {
  user: { id: string, email: string, name: string, role: string, locale: string }
  organization: { id: string, name: string }
  accessToken: string
  refreshToken: string
  expiresIn: number
}

async function register(label: string, options: { email?: string, language?: string } = {}) {
  const email = options.email ?? uniqueEmail(label)
  const res = await call<{ data: SignedIn }>('POST', '/api/v1/auth/register', {
    body: { organizationName: `Org ${label}`, name: `Owner ${label}`, email, password: PASSWORD },
    headers: options.language ? { 'accept-language': options.language } : {},
  })
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${res.text}`)
  return { ...res.body.data, email }
}

const signIn = (email: string, password = PASSWORD) => call('POST', '/api/v1/auth/login', { body: { email, password } })
const refresh = (refreshToken: string) => call('POST', '/api/v1/auth/refresh', { body: { refreshToken } })
const me = (token: string) => call('GET', '/api/v1/auth/me', { token })

describe('POST /api/v1/auth/register', () => {
  it('creates an organization with its owner and signs them in (201)', async () => {
    const email = uniqueEmail('register')
    const res = await call('POST', '/api/v1/auth/register', {
      body: { organizationName: ' Muster GmbH ', name: 'Erika Muster', email: email.toUpperCase(), password: PASSWORD },
      headers: { 'accept-language': 'en-GB,en;q=0.9' },
    })
    expect(res.status).toBe(201)
    expect(res.body).toEqual({
      success: true,
      data: {
        user: { id: expect.any(String), email, name: 'Erika Muster', role: 'owner', locale: 'en' },
        organization: { id: expect.any(String), name: 'Muster GmbH' },
        accessToken: expect.any(String),
        refreshToken: expect.stringMatching(/^rt_/),
        expiresIn: 900,
      },
    })
    const session = await me(res.body.data.accessToken)
    expect(session.status).toBe(200)
    expect(session.body.data.organization.settings).toEqual({ defaultCurrency: 'EUR', defaultLocale: 'en' })
  })

  it('speaks German when the browser asks for nothing Pulse knows', async () => {
    const account = await register('german', { language: 'ja-JP' })
    expect(account.user.locale).toBe('de')
  })

  it('answers 409 with a generic message for an email that has an account', async () => {
    const account = await register('taken')
    const res = await call('POST', '/api/v1/auth/register', {
      body: { organizationName: 'Other', name: 'Other', email: account.email.toUpperCase(), password: 'another fine password' },
    })
    expect(res.status).toBe(409)
    expect(res.body.error.code).toBe('CONFLICT')
    expect(res.body.error.message).not.toMatch(/exist|already/i)
  })

  it('refuses bad input and common passwords with the 400 envelope', async () => {
    const bad = await call('POST', '/api/v1/auth/register', { body: { organizationName: '', email: 'nope', password: 'short', role: 'owner' } })
    expect(bad.status).toBe(400)
    expect(bad.body.success).toBe(false)
    expect(bad.body.error.code).toBe('VALIDATION_ERROR')
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['email', 'name', 'organizationName', 'password', 'role'])

    const common = await call('POST', '/api/v1/auth/register', {
      body: { organizationName: 'Weak', name: 'Weak', email: uniqueEmail('weak'), password: 'Password123' },
    })
    expect(common.status).toBe(400)
    expect(common.body.error).toMatchObject({ code: 'VALIDATION_ERROR', details: [{ path: 'password', message: expect.stringContaining('common') }] })
  })
})

describe('POST /api/v1/auth/login', () => {
  it('answers user, organization and both tokens', async () => {
    const account = await register('login')
    const res = await signIn(account.email)
    expect(res.status).toBe(200)
    expect(Object.keys(res.body.data).sort()).toEqual(['accessToken', 'expiresIn', 'organization', 'refreshToken', 'user'])
    expect(res.body.data.user).toEqual(account.user)
    expect(res.body.data.organization).toEqual(account.organization)
    expect((await me(res.body.data.accessToken)).status).toBe(200)
  })

  it('answers a wrong password and an unknown email identically', async () => {
    const account = await register('same')
    const wrong = await signIn(account.email, 'not the password')
    const unknown = await signIn(uniqueEmail('nobody'), 'not the password')
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(unknown.body).toEqual(wrong.body)
  })

  it('locks after five failures with 429 and Retry-After, for an unknown email alike', async () => {
    const account = await register('throttle')
    const sequence = async (email: string) => {
      const answers: Array<{ status: number, code: string, retryAfter: string | null }> = []
      for (let i = 0; i < 6; i++) {
        const res = await signIn(email, `wrong-${i}`)
        answers.push({ status: res.status, code: res.body.error.code, retryAfter: res.headers.get('retry-after') })
      }
      return answers
    }
    const known = await sequence(account.email)
    expect(known.slice(0, 5).map(a => a.status)).toEqual([401, 401, 401, 401, 401])
    expect(known[5]).toMatchObject({ status: 429, code: 'RATE_LIMITED' })
    expect(Number(known[5]!.retryAfter)).toBeGreaterThan(0)
    expect(Number(known[5]!.retryAfter)).toBeLessThanOrEqual(30)

    // Even the right password waits out the lock.
    const right = await signIn(account.email)
    expect(right.status).toBe(429)
    expect(right.headers.get('retry-after')).toBeTruthy()

    const unknown = await sequence(uniqueEmail('ghost'))
    expect(unknown.map(a => [a.status, a.code])).toEqual(known.map(a => [a.status, a.code]))
    expect(Number(unknown[5]!.retryAfter)).toBeGreaterThan(0)
  })
})

describe('refresh tokens over HTTP', () => {
  it('rotates the refresh token on every use', async () => {
    const account = await register('rotate')
    const first = await refresh(account.refreshToken)
    expect(first.status).toBe(200)
    expect(Object.keys(first.body.data).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken'])
    expect(first.body.data.refreshToken).not.toBe(account.refreshToken)
    expect((await me(first.body.data.accessToken)).status).toBe(200)
    const second = await refresh(first.body.data.refreshToken)
    expect(second.status).toBe(200)
  })

  it('revokes the family when a rotated token is used again: thief and owner both lose it', async () => {
    const account = await register('reuse')
    const owner = await refresh(account.refreshToken)
    expect(owner.status).toBe(200)
    const thief = await refresh(account.refreshToken)
    expect(thief.status).toBe(401)
    expect(thief.body.error.code).toBe('UNAUTHORIZED')
    expect((await refresh(owner.body.data.refreshToken)).status).toBe(401)
    // The alarm takes effect at once: the family's access tokens answer 401 too, not only after they expire.
    for (const token of [account.accessToken, owner.body.data.accessToken]) expect((await me(token)).status).toBe(401)
  })

  it('lets one of two simultaneous refreshes win and leaves no valid token behind', async () => {
    const account = await register('race')
    const [a, b] = await Promise.all([refresh(account.refreshToken), refresh(account.refreshToken)])
    expect([a.status, b.status].sort()).toEqual([200, 401])
    const winner = a.status === 200 ? a : b
    expect((await refresh(winner.body.data.refreshToken)).status).toBe(401)
  })

  it('answers 401 for an unknown token and 400 for a missing one', async () => {
    expect((await refresh(`rt_${randomBytes(32).toString('base64url')}`)).status).toBe(401)
    const missing = await call('POST', '/api/v1/auth/refresh', { body: {} })
    expect(missing.status).toBe(400)
    expect(missing.body.error.details).toEqual([{ path: 'refreshToken', message: expect.any(String) }])
  })
})

describe('POST /api/v1/auth/logout', () => {
  it('ends that session and answers the same for tokens it does not know', async () => {
    const account = await register('logout')
    const other = (await signIn(account.email)).body.data
    const res = await call('POST', '/api/v1/auth/logout', { body: { refreshToken: account.refreshToken } })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ success: true, data: { loggedOut: true } })
    expect((await refresh(account.refreshToken)).status).toBe(401)
    // Signed out means signed out: that session's access token is refused from the next request on, the other session's is not.
    expect((await me(account.accessToken)).status).toBe(401)
    expect((await me(other.accessToken)).status).toBe(200)
    expect((await refresh(other.refreshToken)).status).toBe(200)

    const unknown = await call('POST', '/api/v1/auth/logout', { body: { refreshToken: 'rt_whatever' } })
    expect(unknown.status).toBe(200)
    expect(unknown.body).toEqual(res.body)
  })
})

describe('profile and password', () => {
  it('updates the own name and language with PUT /me', async () => {
    const account = await register('profile')
    const res = await call('PUT', '/api/v1/auth/me', { token: account.accessToken, body: { name: 'Neuer Name', locale: 'de' } })
    expect(res.status).toBe(200)
    expect(res.body.data.user).toMatchObject({ id: account.user.id, name: 'Neuer Name', locale: 'de' })
    expect((await call('PUT', '/api/v1/auth/me', { token: account.accessToken, body: { role: 'viewer' } })).status).toBe(400)
    expect((await call('PUT', '/api/v1/auth/me', { body: { name: 'X' } })).status).toBe(401)
  })

  it('changes the password, ends every other session and keeps this one', async () => {
    const account = await register('change')
    const laptop = (await signIn(account.email)).body.data
    const path = '/api/v1/auth/change-password'

    const wrong = await call('POST', path, { token: account.accessToken, body: { currentPassword: 'wrong one', newPassword: 'a brand new secret' } })
    expect(wrong.status).toBe(400)
    expect(wrong.body.error.details).toEqual([{ path: 'currentPassword', message: 'is incorrect' }])
    const common = await call('POST', path, { token: account.accessToken, body: { currentPassword: PASSWORD, newPassword: 'password1' } })
    expect(common.status).toBe(400)
    expect(common.body.error.details[0].path).toBe('newPassword')
    expect((await call('POST', path, { body: { currentPassword: PASSWORD, newPassword: 'a brand new secret' } })).status).toBe(401)

    const res = await call('POST', path, { token: account.accessToken, body: { currentPassword: PASSWORD, newPassword: 'a brand new secret' } })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body.data).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken'])
    expect((await me(res.body.data.accessToken)).status).toBe(200)
    expect((await refresh(res.body.data.refreshToken)).status).toBe(200)
    // Every earlier session is over: refresh tokens at once, access tokens through sessionsValidAfter.
    expect((await refresh(laptop.refreshToken)).status).toBe(401)
    expect((await refresh(account.refreshToken)).status).toBe(401)
    expect((await me(laptop.accessToken)).status).toBe(401)
    expect((await me(account.accessToken)).status).toBe(401)

    expect((await signIn(account.email)).status).toBe(401)
    expect((await signIn(account.email, 'a brand new secret')).status).toBe(200)
  })
})

describe('forgotten password', () => {
  it('answers 202 alike for known and unknown emails, and mails only the known', async () => {
    const account = await register('forgot-known')
    const nobody = uniqueEmail('forgot-nobody')
    const known = await call('POST', '/api/v1/auth/forgot-password', { body: { email: account.email } })
    const unknown = await call('POST', '/api/v1/auth/forgot-password', { body: { email: nobody } })
    expect(known.status).toBe(202)
    expect(unknown.status).toBe(202)
    expect(known.body).toEqual({ success: true, data: { sent: true } })
    expect(unknown.body).toEqual(known.body)
    expect(await waitForMails(mailServer(), account.email)).toHaveLength(1)
    expect(await receivedMails(mailServer(), nobody)).toEqual([])
  })

  it('resets the password with the mailed link once and ends every session', async () => {
    const account = await register('reset')
    expect((await call('POST', '/api/v1/auth/forgot-password', { body: { email: account.email } })).status).toBe(202)
    const [mail] = await waitForMails(mailServer(), account.email)
    const link = mail!.text!.match(/https?:\/\/\S+\/reset-password\?token=\S+/)?.[0]
    expect(link).toBeTruthy()
    const token = new URL(link!).searchParams.get('token')!
    expect(mail!.html).toContain(`token=${token}`)

    const path = '/api/v1/auth/reset-password'
    const weak = await call('POST', path, { body: { token, password: 'letmein123' } })
    expect(weak.status).toBe(400)
    expect(weak.body.error.details[0].path).toBe('password')

    const res = await call('POST', path, { body: { token, password: 'my fresh new secret' } })
    expect(res.status).toBe(200)
    expect(res.body.data).toMatchObject({ user: account.user, organization: account.organization, refreshToken: expect.stringMatching(/^rt_/) })
    expect((await me(res.body.data.accessToken)).status).toBe(200)

    const again = await call('POST', path, { body: { token, password: 'yet another secret' } })
    expect(again.status).toBe(400)
    expect(again.body.error).toMatchObject({ code: 'VALIDATION_ERROR', details: [{ path: 'token' }] })

    expect((await refresh(account.refreshToken)).status).toBe(401)
    expect((await me(account.accessToken)).status).toBe(401)
    expect((await signIn(account.email)).status).toBe(401)
    expect((await signIn(account.email, 'my fresh new secret')).status).toBe(200)
  })

  it('refuses an invalid token with a clear 400', async () => {
    const res = await call('POST', '/api/v1/auth/reset-password', { body: { token: 'pr_invalid', password: 'my fresh new secret' } })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('VALIDATION_ERROR')
    expect(res.body.error.message).toMatch(/invalid|expired/i)
  })
})
