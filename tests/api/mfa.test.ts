import { randomBytes } from 'node:crypto'
import { SignJWT } from 'jose'
import { Secret, TOTP } from 'otpauth'
import { describe, expect, inject, it } from 'vitest'
import { call } from '../support/http'
import { waitForMails } from '../support/mail-server'
import { TEST_JWT_SECRET } from '../support/server'

const PASSWORD = 'correct horse battery staple'
const STEP = 30
const mailServer = () => inject('mailServerUrl')

/** The code an authenticator app shows `steps` steps from now. */
function codeAt(secret: string, steps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: STEP, algorithm: 'SHA1' }).generate({ timestamp: Date.now() + steps * STEP * 1000 })
}

/** Waits for a fresh 30-second step when the current one ends within 5 s, so a test's codes keep their step on the server. */
async function awayFromStepEdge(): Promise<void> {
  const left = STEP - ((Date.now() / 1000) % STEP)
  if (left < 5) await new Promise(r => setTimeout(r, left * 1000 + 200))
}

async function register(label: string) {
  const email = `mfa-${label}-${randomBytes(5).toString('hex')}@example.test`
  const res = await call('POST', '/api/v1/auth/register', {
    body: { organizationName: `Org ${label}`, name: `Person ${label}`, email, password: PASSWORD },
    headers: { 'accept-language': 'en' },
  })
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${res.text}`)
  return { email, token: res.body.data.accessToken as string, userId: res.body.data.user.id as string, orgId: res.body.data.organization.id as string }
}

/** A person with an active authenticator app, confirmed with the code of `confirmStep` (relative to now). */
async function enrolled(label: string, confirmStep = 0) {
  const account = await register(label)
  const begun = await call('POST', '/api/v1/auth/mfa/totp', { token: account.token })
  expect(begun.status).toBe(201)
  const secret = begun.body.data.secret as string
  const confirmed = await call('POST', '/api/v1/auth/mfa/totp/confirm', { token: account.token, body: { code: codeAt(secret, confirmStep) } })
  expect(confirmed.status).toBe(200)
  return { ...account, secret, recoveryCodes: confirmed.body.data.recoveryCodes as string[] }
}

const signIn = (email: string) => call('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } })
const verify = (challenge: string, code: string) => call('POST', '/api/v1/auth/mfa/verify', { body: { challenge, code } })

async function challengeFor(email: string): Promise<string> {
  const res = await signIn(email)
  expect(res.status).toBe(200)
  expect(res.body.data).toEqual({ mfaRequired: true, challenge: expect.any(String), expiresIn: 300, methods: ['totp', 'recovery_code'] })
  return res.body.data.challenge as string
}

describe('enrolling an authenticator app', () => {
  it('gives a secret, its otpauth URI and a QR code, and activates only with a current code', async () => {
    await awayFromStepEdge()
    const account = await register('enrol')
    expect((await call('GET', '/api/v1/auth/mfa', { token: account.token })).body.data).toEqual({ totp: 'off', confirmedAt: null, recoveryCodesLeft: 0 })

    const begun = await call('POST', '/api/v1/auth/mfa/totp', { token: account.token })
    expect(begun.status).toBe(201)
    const { secret, otpauthUri, qrSvg } = begun.body.data
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(otpauthUri).toBe(`otpauth://totp/Pulse%20CRM:${encodeURIComponent(account.email)}?issuer=Pulse%20CRM&secret=${secret}&algorithm=SHA1&digits=6&period=30`)
    expect(qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<\/svg>\s*$/)

    // Pending: signing in still asks for the password only.
    const pending = await call('GET', '/api/v1/auth/mfa', { token: account.token })
    expect(pending.body.data).toEqual({ totp: 'pending', confirmedAt: null, recoveryCodesLeft: 0 })
    expect((await signIn(account.email)).body.data.accessToken).toEqual(expect.any(String))

    const wrong = await call('POST', '/api/v1/auth/mfa/totp/confirm', { token: account.token, body: { code: codeAt(secret, 3) } })
    expect(wrong.status).toBe(400)
    expect(wrong.body.error).toMatchObject({ code: 'VALIDATION_ERROR', details: [{ path: 'code', message: 'is incorrect or was already used' }] })
    const malformed = await call('POST', '/api/v1/auth/mfa/totp/confirm', { token: account.token, body: { code: '12ab56' } })
    expect(malformed.status).toBe(400)
    expect(malformed.body.error.details[0].path).toBe('code')

    const confirmed = await call('POST', '/api/v1/auth/mfa/totp/confirm', { token: account.token, body: { code: codeAt(secret) } })
    expect(confirmed.status).toBe(200)
    const codes = confirmed.body.data.recoveryCodes as string[]
    expect(codes).toHaveLength(10)
    expect(new Set(codes).size).toBe(10)
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/)

    const status = await call('GET', '/api/v1/auth/mfa', { token: account.token })
    expect(status.body.data).toEqual({ totp: 'on', confirmedAt: expect.any(String), recoveryCodesLeft: 10 })
    expect(status.text).not.toContain(secret)
    // Once active the secret is never handed out again, and a second app needs the first removed.
    const again = await call('POST', '/api/v1/auth/mfa/totp', { token: account.token })
    expect(again.status).toBe(409)
    expect(again.text).not.toContain(secret)

    const [mail] = await waitForMails(mailServer(), account.email)
    expect(mail!.subject).toBe('Two-step verification is now on for your Pulse account')
  })

  it('is audited step by step', async () => {
    const account = await enrolled('audit')
    const log = await call('GET', '/api/v1/audit-logs?entity=user&limit=20', { token: account.token })
    expect(log.status).toBe(200)
    const actions = (log.body.data as Array<{ action: string }>).map(e => e.action)
    expect(actions).toEqual(expect.arrayContaining(['mfa.totp_begin', 'mfa.totp_enable']))
  })
})

describe('signing in with a second factor', () => {
  it('answers a challenge instead of a session, and the session only after a code', async () => {
    await awayFromStepEdge()
    const account = await enrolled('signin')
    const res = await signIn(account.email)
    expect(res.body.data).not.toHaveProperty('accessToken')
    expect(res.body.data).not.toHaveProperty('refreshToken')
    const challenge = res.body.data.challenge as string

    // The challenge is no access token.
    expect((await call('GET', '/api/v1/auth/me', { token: challenge })).status).toBe(401)
    // And an access token is no challenge.
    const skip = await verify(account.token, codeAt(account.secret, 1))
    expect(skip.status).toBe(400)
    expect(skip.body.error.details).toEqual([{ path: 'challenge', message: 'is invalid or expired' }])

    const ok = await verify(challenge, codeAt(account.secret, 1))
    expect(ok.status).toBe(200)
    expect(ok.body.data).toMatchObject({ user: { email: account.email }, accessToken: expect.any(String), refreshToken: expect.stringMatching(/^rt_/), expiresIn: 900 })
    expect((await call('GET', '/api/v1/auth/me', { token: ok.body.data.accessToken })).status).toBe(200)

    // Each code works once: the same code again, even with a new challenge, is refused.
    const replay = await verify(await challengeFor(account.email), codeAt(account.secret, 1))
    expect(replay.status).toBe(400)
    expect(replay.body.error.details).toEqual([{ path: 'code', message: 'is incorrect or was already used' }])
  })

  it('gives the web app its session in cookies only after the second step', async () => {
    await awayFromStepEdge()
    const account = await enrolled('web')
    const web = { 'x-pulse-client': 'web' }
    const first = await call('POST', '/api/v1/auth/login', { headers: web, body: { email: account.email, password: PASSWORD } })
    expect(first.body.data.mfaRequired).toBe(true)
    expect(first.headers.getSetCookie()).toEqual([])
    const foreign = await call('POST', '/api/v1/auth/mfa/verify', { headers: { ...web, origin: 'https://evil.example' }, body: { challenge: first.body.data.challenge, code: codeAt(account.secret, 1) } })
    expect(foreign.status).toBe(403)
    const second = await call('POST', '/api/v1/auth/mfa/verify', { headers: web, body: { challenge: first.body.data.challenge, code: codeAt(account.secret, 1) } })
    expect(second.status).toBe(200)
    expect(second.body.data.refreshToken).toBeUndefined()
    expect(second.headers.getSetCookie().join('\n')).toMatch(/pulse\.refresh=rtb_/)
  })

  it('accepts one step of clock drift either way, no more, and never an older step than the last used', async () => {
    await awayFromStepEdge()
    // Confirmed with the code of the step before: drift backwards.
    const account = await enrolled('drift', -1)
    const challenge = await challengeFor(account.email)
    expect((await verify(challenge, codeAt(account.secret, 2))).status).toBe(400)
    expect((await verify(challenge, codeAt(account.secret, -2))).status).toBe(400)
    // The step after: drift forwards.
    expect((await verify(challenge, codeAt(account.secret, 1))).status).toBe(200)
    // Now the current step is older than the last one used.
    expect((await verify(await challengeFor(account.email), codeAt(account.secret, 0))).status).toBe(400)
  })

  it('refuses an expired challenge and one of another person', async () => {
    await awayFromStepEdge()
    const alice = await enrolled('alice')
    const bob = await enrolled('bob')
    const now = Math.floor(Date.now() / 1000)
    const expired = await new SignJWT({ org: alice.orgId })
      .setProtectedHeader({ alg: 'HS256', typ: 'mfa-challenge+jwt' })
      .setSubject(alice.userId).setIssuer('pulse').setAudience('pulse-mfa')
      .setIssuedAt(now - 301).setExpirationTime(now - 1)
      .sign(new TextEncoder().encode(TEST_JWT_SECRET))
    const late = await verify(expired, codeAt(alice.secret, 1))
    expect(late.status).toBe(400)
    expect(late.body.error.details[0].path).toBe('challenge')

    // Bob's valid code does not answer Alice's challenge; Alice's own does.
    const challenge = await challengeFor(alice.email)
    expect((await verify(challenge, codeAt(bob.secret, 1))).status).toBe(400)
    expect((await verify(challenge, bob.recoveryCodes[0]!)).status).toBe(400)
    expect((await verify(challenge, codeAt(alice.secret, 1))).status).toBe(200)
  })

  it('locks the second step after five wrong codes, without locking anyone\'s password step', async () => {
    await awayFromStepEdge()
    const account = await enrolled('lockout')
    const other = await register('bystander')
    const challenge = await challengeFor(account.email)
    const answers: number[] = []
    for (let i = 0; i < 6; i++) answers.push((await verify(challenge, String(100000 + i))).status)
    expect(answers).toEqual([400, 400, 400, 400, 400, 429])
    const locked = await verify(challenge, codeAt(account.secret, 1))
    expect(locked.status).toBe(429)
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0)
    // The password step stays open, for this person and for others from the same address.
    expect((await signIn(account.email)).body.data.mfaRequired).toBe(true)
    expect((await signIn(other.email)).status).toBe(200)

    const log = await call('GET', '/api/v1/audit-logs?action=user.login_mfa_failed&limit=20', { token: account.token })
    expect(log.body.data.length).toBeGreaterThanOrEqual(5)
  })

  it('signs in with a recovery code once, tells the person by mail, and takes it typed loosely', async () => {
    const account = await enrolled('recovery')
    const [first, second] = account.recoveryCodes
    const used = await verify(await challengeFor(account.email), first!)
    expect(used.status).toBe(200)
    const again = await verify(await challengeFor(account.email), first!)
    expect(again.status).toBe(400)
    // Upper case, without the dash, with spaces: still the code.
    const loose = ` ${second!.replace('-', '').toUpperCase()} `
    expect((await verify(await challengeFor(account.email), loose)).status).toBe(200)

    const status = await call('GET', '/api/v1/auth/mfa', { token: used.body.data.accessToken })
    expect(status.body.data.recoveryCodesLeft).toBe(8)
    const mails = await waitForMails(mailServer(), account.email, 3)
    const notices = mails.filter(m => m.subject === 'A recovery code was used to sign in to Pulse')
    expect(notices).toHaveLength(2)
    expect(notices.map(m => m.text).join('\n')).toMatch(/Unused codes left: [89]\./)
    const log = await call('GET', '/api/v1/audit-logs?action=mfa.recovery_code_use&limit=20', { token: used.body.data.accessToken })
    expect(log.body.data).toHaveLength(2)
  })
})

describe('managing the second factor', () => {
  it('replaces the recovery codes after the password, and the old ones stop working', async () => {
    const account = await enrolled('regenerate')
    const wrong = await call('POST', '/api/v1/auth/mfa/recovery-codes', { token: account.token, body: { password: 'not the password' } })
    expect(wrong.status).toBe(400)
    expect(wrong.body.error.details).toEqual([{ path: 'password', message: 'is incorrect' }])
    const neither = await call('POST', '/api/v1/auth/mfa/recovery-codes', { token: account.token, body: {} })
    expect(neither.status).toBe(400)

    const fresh = await call('POST', '/api/v1/auth/mfa/recovery-codes', { token: account.token, body: { password: PASSWORD } })
    expect(fresh.status).toBe(200)
    const codes = fresh.body.data.recoveryCodes as string[]
    expect(codes).toHaveLength(10)
    expect(codes).not.toContain(account.recoveryCodes[0])
    expect((await verify(await challengeFor(account.email), account.recoveryCodes[0]!)).status).toBe(400)
    expect((await verify(await challengeFor(account.email), codes[0]!)).status).toBe(200)
  })

  it('turns off with a current code; then the password alone signs in again', async () => {
    await awayFromStepEdge()
    const account = await enrolled('disable')
    const wrong = await call('POST', '/api/v1/auth/mfa/totp/disable', { token: account.token, body: { code: codeAt(account.secret, 3) } })
    expect(wrong.status).toBe(400)
    const off = await call('POST', '/api/v1/auth/mfa/totp/disable', { token: account.token, body: { code: codeAt(account.secret, 1) } })
    expect(off.status).toBe(200)
    expect(off.body.data).toEqual({ totp: 'off' })
    const res = await signIn(account.email)
    expect(res.body.data.accessToken).toEqual(expect.any(String))
    const mails = await waitForMails(mailServer(), account.email, 2)
    expect(mails.map(m => m.subject)).toContain('Two-step verification was turned off for your Pulse account')
    expect((await call('POST', '/api/v1/auth/mfa/totp/disable', { token: account.token, body: { password: PASSWORD } })).status).toBe(409)
  })

  it('leaves API keys alone: a key works without any second step', async () => {
    await awayFromStepEdge()
    const account = await enrolled('apikey')
    const signedIn = await verify(await challengeFor(account.email), codeAt(account.secret, 1))
    const key = await call('POST', '/api/v1/api-keys', { token: signedIn.body.data.accessToken, body: { name: 'Automation', scope: 'read' } })
    expect(key.status).toBe(201)
    expect((await call('GET', '/api/v1/contacts', { token: key.body.data.key })).status).toBe(200)
    // Managing a second factor is a person's business, not a key's.
    expect((await call('GET', '/api/v1/auth/mfa', { token: key.body.data.key })).status).toBe(403)
  })
})

/** Invites someone into the account's organization with `role` and has them accept; their session. */
async function join(owner: { token: string }, role: 'admin' | 'member') {
  const email = `mfa-joiner-${randomBytes(5).toString('hex')}@example.test`
  expect((await call('POST', '/api/v1/invitations', { token: owner.token, body: { email, role } })).status).toBe(201)
  const [mail] = await waitForMails(mailServer(), email)
  const token = mail?.text?.match(/accept-invite\?token=(inv_[\w-]+)/)?.[1]
  const accepted = await call('POST', '/api/v1/auth/accept-invite', { body: { token, name: `Joiner ${role}`, password: PASSWORD } })
  expect(accepted.status).toBe(201)
  return { email, token: accepted.body.data.accessToken as string }
}

const setPolicy = (token: string, policy: string) => call('PUT', '/api/v1/organization/mfa-policy', { token, body: { policy } })

describe('the organization\'s policy', () => {
  it('is the owner\'s to set, only once they have a second factor themselves, and audited', async () => {
    await awayFromStepEdge()
    const bare = await register('policy-bare')
    const refused = await setPolicy(bare.token, 'admins')
    expect(refused.status).toBe(409)
    expect((await setPolicy(bare.token, 'sometimes')).status).toBe(400)

    const owner = await enrolled('policy-owner')
    const admin = await join(owner, 'admin')
    expect((await setPolicy(admin.token, 'everyone')).status).toBe(403)
    const set = await setPolicy(owner.token, 'admins')
    expect(set.status).toBe(200)
    expect(set.body.data.settings.mfaPolicy).toBe('admins')
    // The general settings update cannot change it (the key is not one of its settings).
    const sneaked = await call('PUT', '/api/v1/organization', { token: owner.token, body: { settings: { mfaPolicy: 'off' } } })
    expect(sneaked.body.data.settings.mfaPolicy).toBe('admins')
    const log = await call('GET', '/api/v1/audit-logs?action=organization.mfa_policy', { token: owner.token })
    expect(log.body.data[0].changes).toEqual({ 'settings.mfaPolicy': { from: 'off', to: 'admins' } })
  })

  it('shuts out the sessions it covers from everything but setting up the second factor, on the API too', async () => {
    await awayFromStepEdge()
    const owner = await enrolled('enforce-owner')
    const admin = await join(owner, 'admin')
    const member = await join(owner, 'member')
    expect((await setPolicy(owner.token, 'admins')).status).toBe(200)

    // The admin without a second factor: 403 on the app's data, their session and the setup still answer.
    const blocked = await call('GET', '/api/v1/contacts', { token: admin.token })
    expect(blocked.status).toBe(403)
    expect(blocked.body.error).toEqual({ code: 'FORBIDDEN', message: expect.stringContaining('two-step verification') })
    expect((await call('POST', '/api/v1/contacts', { token: admin.token, body: { firstName: 'No', lastName: 'Way' } })).status).toBe(403)
    const me = await call('GET', '/api/v1/auth/me', { token: admin.token })
    expect(me.status).toBe(200)
    expect(me.body.data.user.mfaEnrolmentRequired).toBe(true)
    // A fresh sign-in is no way around it.
    const again = await call('POST', '/api/v1/auth/login', { body: { email: admin.email, password: PASSWORD } })
    expect((await call('GET', '/api/v1/contacts', { token: again.body.data.accessToken })).status).toBe(403)
    // The member is not covered by `admins`, the owner has a second factor.
    expect((await call('GET', '/api/v1/contacts', { token: member.token })).status).toBe(200)
    expect((await call('GET', '/api/v1/contacts', { token: owner.token })).status).toBe(200)

    // Setting one up lifts it at once, for the same session.
    const begun = await call('POST', '/api/v1/auth/mfa/totp', { token: admin.token })
    expect(begun.status).toBe(201)
    expect((await call('POST', '/api/v1/auth/mfa/totp/confirm', { token: admin.token, body: { code: codeAt(begun.body.data.secret) } })).status).toBe(200)
    expect((await call('GET', '/api/v1/contacts', { token: admin.token })).status).toBe(200)
    expect((await call('GET', '/api/v1/auth/me', { token: admin.token })).body.data.user.mfaEnrolmentRequired).toBe(false)

    // `everyone` covers the member too; API keys stay unaffected.
    const key = await call('POST', '/api/v1/api-keys', { token: owner.token, body: { name: 'Sync', scope: 'read' } })
    expect((await setPolicy(owner.token, 'everyone')).status).toBe(200)
    expect((await call('GET', '/api/v1/contacts', { token: member.token })).status).toBe(403)
    expect((await call('GET', '/api/v1/contacts', { token: key.body.data.key })).status).toBe(200)
    expect((await setPolicy(owner.token, 'off')).status).toBe(200)
    expect((await call('GET', '/api/v1/contacts', { token: member.token })).status).toBe(200)
  })
})
