import { randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO } from '../support/http'
import { freePort, startServer, type TestServer } from '../support/server'

// Invitations are only visible through their mail, and the team's destructive actions
// (removing people, handing over or deleting an organization) must not disturb other
// suites: this file runs a server of its own (embedded database, demo organization) whose
// mail goes to a local stand-in for the Resend API.

const PASSWORD = 'a sturdy passphrase 42'
const MEMBER = 'julia.weiss@pulse.test'
const ADMIN = 'stefan.koehler@pulse.test'
const unique = () => randomBytes(4).toString('hex')

interface Mail { to: string, subject: string, text: string }
interface Answer { status: number, body: any, text: string } // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read whatever JSON came back

let server: TestServer
let resend: Server
const mails: Mail[] = []

/** Accepts `POST /emails` like Resend and keeps the message. */
async function startFakeResend(): Promise<{ url: string, server: Server }> {
  const port = await freePort()
  const fake = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => {
      body += chunk
    })
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/emails') {
        const message = JSON.parse(body) as { to: string | string[], subject: string, text: string }
        mails.push({ to: [message.to].flat()[0]!, subject: message.subject, text: message.text })
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `fake-${mails.length}` }))
        return
      }
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"name":"not_found","message":"not found"}')
    })
  })
  await new Promise<void>(resolve => fake.listen(port, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${port}`, server: fake }
}

async function api(method: string, path: string, options: { token?: string, body?: unknown } = {}): Promise<Answer> {
  const headers: Record<string, string> = {}
  if (options.token) headers.authorization = `Bearer ${options.token}`
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(`${server.baseUrl}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) })
  const text = await res.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  }
  catch { /* not JSON */ }
  return { status: res.status, body, text }
}

async function signIn(email: string, password = DEMO.password) {
  const res = await api('POST', '/api/v1/auth/login', { body: { email, password } })
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${res.text}`)
  return res.body.data as { accessToken: string, refreshToken: string, user: { id: string, role: string } }
}

const tokenOf = async (email: string, password?: string) => (await signIn(email, password)).accessToken

/** The invitation token from the last mail to `email`. */
function invitationToken(email: string): string {
  const mail = mails.filter(m => m.to === email).at(-1)
  const token = mail?.text.match(/\/accept-invite\?token=(inv_[\w-]+)/)?.[1]
  if (!token) throw new Error(`no invitation mail to ${email}`)
  return token
}

/** Invites someone with `role` as `inviter`, has them accept, and returns the new member's session. */
async function join(inviter: string, role: 'owner' | 'admin' | 'member' | 'viewer') {
  const email = `joiner-${unique()}@example.test`
  const invited = await api('POST', '/api/v1/invitations', { token: inviter, body: { email, role } })
  expect(invited.status).toBe(201)
  const accepted = await api('POST', '/api/v1/auth/accept-invite', { body: { token: invitationToken(email), name: `Joiner ${role}`, password: PASSWORD } })
  expect(accepted.status).toBe(201)
  return { email, id: accepted.body.data.user.id as string, ...accepted.body.data as { accessToken: string, refreshToken: string } }
}

/** A new organization of its own, for the actions that would end the demo one. */
async function newOrganization() {
  const email = `founder-${unique()}@example.test`
  const name = `Founders ${unique()} GmbH`
  const res = await api('POST', '/api/v1/auth/register', { body: { organizationName: name, name: 'Frida Founder', email, password: PASSWORD } })
  expect(res.status).toBe(201)
  return { name, email, id: res.body.data.user.id as string, token: res.body.data.accessToken as string }
}

beforeAll(async () => {
  const fake = await startFakeResend()
  resend = fake.server
  server = await startServer({
    RESEND_API_KEY: 're_test_not_a_real_key',
    RESEND_BASE_URL: fake.url,
    APP_URL: 'https://pulse.example',
    RATE_LIMIT_ANONYMOUS: '100000',
    RATE_LIMIT_AUTHENTICATED: '100000',
    RATE_LIMIT_AUTH: '10000',
    REDIS_URL: '',
  })
})

afterAll(async () => {
  await server?.stop()
  await new Promise(resolve => resend?.close(resolve))
})

describe('the team list', () => {
  it('shows every member with role, language and last sign-in, and no secrets', async () => {
    const res = await api('GET', '/api/v1/members', { token: await tokenOf(MEMBER) })
    expect(res.status).toBe(200)
    expect(res.body.meta).toMatchObject({ page: 1, total: expect.any(Number) })
    const emails = res.body.data.map((m: { email: string }) => m.email)
    expect(emails).toEqual(expect.arrayContaining([DEMO.email, ADMIN, MEMBER, 'mehmet.yilmaz@pulse.test', 'sophie.martin@pulse.test']))
    expect(Object.keys(res.body.data[0]).sort()).toEqual(['createdAt', 'email', 'id', 'lastLoginAt', 'locale', 'name', 'role'])
    expect(res.text).not.toMatch(/argon2|passwordHash|sessionsValidAfter/)
  })

  it('offers the people as owners to pick, searchable', async () => {
    const res = await api('GET', '/api/v1/users?q=julia', { token: await tokenOf('sophie.martin@pulse.test') })
    expect(res.status).toBe(200)
    expect(res.body.data).toEqual([{ id: expect.any(String), name: 'Julia Weiß', email: MEMBER, role: 'member' }])
  })
})

describe('invitations', () => {
  it('invites by mail; the invitee sees the invitation, accepts once and is signed in', async () => {
    const admin = await tokenOf(ADMIN)
    const email = `new-${unique()}@example.test`
    const created = await api('POST', '/api/v1/invitations', { token: admin, body: { email: email.toUpperCase(), role: 'member', locale: 'en' } })
    expect(created.status).toBe(201)
    expect(created.body.data).toMatchObject({ id: expect.any(String), email, role: 'member', locale: 'en', expiresAt: expect.any(String) })
    expect(created.text).not.toContain('inv_')
    const mail = mails.filter(m => m.to === email).at(-1)!
    expect(mail.text).toContain('https://pulse.example/accept-invite?token=inv_')
    const token = invitationToken(email)

    const preview = await api('GET', `/api/v1/auth/invitation?token=${token}`)
    expect(preview.status).toBe(200)
    expect(preview.body.data).toEqual({ organization: { name: 'Pulse Demo GmbH' }, email, role: 'member', expiresAt: created.body.data.expiresAt })

    const pending = await api('GET', '/api/v1/invitations', { token: admin })
    expect(pending.body.data.find((i: { id: string }) => i.id === created.body.data.id)).toMatchObject({ email, invitedBy: { name: 'Stefan Köhler' } })

    const accepted = await api('POST', '/api/v1/auth/accept-invite', { body: { token, name: 'Nora Neu', password: PASSWORD } })
    expect(accepted.status).toBe(201)
    expect(accepted.body.data).toMatchObject({
      user: { email, name: 'Nora Neu', role: 'member', locale: 'en' },
      organization: { name: 'Pulse Demo GmbH' },
      accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: expect.any(Number),
    })
    const me = await api('GET', '/api/v1/auth/me', { token: accepted.body.data.accessToken })
    expect(me.body.data.user).toMatchObject({ email, role: 'member' })
    expect((await signIn(email, PASSWORD)).user.role).toBe('member')

    const again = await api('POST', '/api/v1/auth/accept-invite', { body: { token, name: 'Nora Zwei', password: PASSWORD } })
    expect(again.status).toBe(404)
    expect((await api('GET', `/api/v1/auth/invitation?token=${token}`)).status).toBe(404)
    const after = await api('GET', '/api/v1/invitations', { token: admin })
    expect(after.body.data.map((i: { id: string }) => i.id)).not.toContain(created.body.data.id)
  })

  it('refuses members of the organization and addresses with a pending invitation (409)', async () => {
    const admin = await tokenOf(ADMIN)
    const existing = await api('POST', '/api/v1/invitations', { token: admin, body: { email: 'mehmet.yilmaz@pulse.test', role: 'viewer' } })
    expect(existing.status).toBe(409)
    const email = `twice-${unique()}@example.test`
    expect((await api('POST', '/api/v1/invitations', { token: admin, body: { email, role: 'viewer' } })).status).toBe(201)
    const twice = await api('POST', '/api/v1/invitations', { token: admin, body: { email, role: 'viewer' } })
    expect(twice.status).toBe(409)
    expect(twice.body.error.code).toBe('CONFLICT')
  })

  it('answers alike whether or not the address has an account in another organization, and tells that person by mail', async () => {
    const prober = await newOrganization()
    const elsewhere = await newOrganization()
    const fresh = `fresh-${unique()}@example.test`
    const [known, unknown] = [
      await api('POST', '/api/v1/invitations', { token: prober.token, body: { email: elsewhere.email, role: 'viewer', locale: 'en' } }),
      await api('POST', '/api/v1/invitations', { token: prober.token, body: { email: fresh, role: 'viewer', locale: 'en' } }),
    ]
    expect([known.status, unknown.status]).toEqual([201, 201])
    const shape = (answer: Answer) => ({ ...answer.body.data, id: 'id', email: 'email', expiresAt: 'time', createdAt: 'time' })
    expect(shape(known)).toEqual(shape(unknown))
    const listed = await api('GET', '/api/v1/invitations', { token: prober.token })
    expect(listed.body.data.map((i: { email: string }) => i.email).sort()).toEqual([elsewhere.email, fresh].sort())
    // The account holder learns of it, with no link that could not work; the new address gets its link.
    const told = mails.filter(m => m.to === elsewhere.email).at(-1)!
    expect(told.text).toContain('already belongs to a Pulse account')
    expect(told.text).not.toMatch(/accept-invite/)
    expect(invitationToken(fresh)).toMatch(/^inv_/)
  })

  it('revokes an invitation, after which its link no longer works', async () => {
    const admin = await tokenOf(ADMIN)
    const email = `revoked-${unique()}@example.test`
    const created = await api('POST', '/api/v1/invitations', { token: admin, body: { email, role: 'viewer' } })
    const token = invitationToken(email)
    const revoked = await api('DELETE', `/api/v1/invitations/${created.body.data.id}`, { token: admin })
    expect(revoked.status).toBe(200)
    expect(revoked.body.data.revokedAt).toEqual(expect.any(String))
    expect((await api('GET', `/api/v1/auth/invitation?token=${token}`)).status).toBe(404)
    expect((await api('POST', '/api/v1/auth/accept-invite', { body: { token, name: 'Too Late', password: PASSWORD } })).status).toBe(404)
  })

  it('caps invitations at 50 an hour per organization and says when the next one may go', async () => {
    const org = await newOrganization()
    for (let i = 0; i < 50; i++) {
      const sent = await api('POST', '/api/v1/invitations', { token: org.token, body: { email: `wave-${i}-${unique()}@example.test`, role: 'viewer' } })
      expect(sent.status).toBe(201)
    }
    const capped = await fetch(`${server.baseUrl}/api/v1/invitations`, {
      method: 'POST',
      headers: { 'authorization': `Bearer ${org.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: `one-too-many-${unique()}@example.test`, role: 'viewer' }),
    })
    expect(capped.status).toBe(429)
    expect((await capped.json()).error.code).toBe('RATE_LIMITED')
    // The oldest of the 50 was sent moments ago: its place frees in about an hour.
    const wait = Number(capped.headers.get('retry-after'))
    expect(wait).toBeGreaterThan(3500)
    expect(wait).toBeLessThanOrEqual(3600)
  })

  it('checks the new password and the token before creating anything', async () => {
    const admin = await tokenOf(ADMIN)
    const email = `weak-${unique()}@example.test`
    await api('POST', '/api/v1/invitations', { token: admin, body: { email, role: 'viewer' } })
    const token = invitationToken(email)
    const weak = await api('POST', '/api/v1/auth/accept-invite', { body: { token, name: 'Weak', password: 'password123' } })
    expect(weak.status).toBe(400)
    expect(weak.body.error.details).toEqual([{ path: 'password', message: expect.any(String) }])
    expect((await api('GET', `/api/v1/auth/invitation?token=${token}`)).status).toBe(200)
    expect((await api('GET', '/api/v1/auth/invitation')).status).toBe(400)
    expect((await api('GET', `/api/v1/auth/invitation?token=inv_${randomBytes(32).toString('base64url')}`)).status).toBe(404)
  })
})

describe('roles and removal', () => {
  it('a role change applies at once and ends the member\'s sessions', async () => {
    const admin = await tokenOf(ADMIN)
    const joiner = await join(admin, 'member')
    const changed = await api('PUT', `/api/v1/members/${joiner.id}`, { token: admin, body: { role: 'viewer' } })
    expect(changed.status).toBe(200)
    expect(changed.body.data).toMatchObject({ id: joiner.id, role: 'viewer' })
    expect((await api('GET', '/api/v1/auth/me', { token: joiner.accessToken })).status).toBe(401)
    expect((await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: joiner.refreshToken } })).status).toBe(401)
    const again = await signIn(joiner.email, PASSWORD)
    expect(again.user.role).toBe('viewer')
    expect((await api('POST', '/api/v1/invitations', { token: again.accessToken, body: { email: `x-${unique()}@example.test`, role: 'viewer' } })).status).toBe(403)
  })

  it('removing a member ends their sessions and leaves their records without an owner', async () => {
    const admin = await tokenOf(ADMIN)
    const mehmet = await signIn('mehmet.yilmaz@pulse.test')
    const ownedBefore = await api('GET', `/api/v1/contacts?ownerId=${mehmet.user.id}&limit=1`, { token: admin })
    const allBefore = await api('GET', '/api/v1/contacts?limit=1', { token: admin })
    expect(ownedBefore.body.meta.total).toBeGreaterThan(0)

    const removed = await api('DELETE', `/api/v1/members/${mehmet.user.id}`, { token: admin })
    expect(removed.status).toBe(200)
    expect((await api('GET', '/api/v1/auth/me', { token: mehmet.accessToken })).status).toBe(401)
    expect((await api('POST', '/api/v1/auth/login', { body: { email: 'mehmet.yilmaz@pulse.test', password: DEMO.password } })).status).toBe(401)
    expect((await api('GET', `/api/v1/contacts?ownerId=${mehmet.user.id}&limit=1`, { token: admin })).body.meta.total).toBe(0)
    expect((await api('GET', '/api/v1/contacts?limit=1', { token: admin })).body.meta.total).toBe(allBefore.body.meta.total)
    expect((await api('DELETE', `/api/v1/members/${mehmet.user.id}`, { token: admin })).status).toBe(404)
  })

  it('an admin removes no owner; the last owner is neither demoted nor removed', async () => {
    const admin = await tokenOf(ADMIN)
    const owner = await signIn(DEMO.email)
    expect((await api('DELETE', `/api/v1/members/${owner.user.id}`, { token: admin })).status).toBe(403)
    expect((await api('PUT', `/api/v1/members/${owner.user.id}`, { token: owner.accessToken, body: { role: 'admin' } })).status).toBe(409)
    expect((await api('DELETE', `/api/v1/members/${owner.user.id}`, { token: owner.accessToken })).status).toBe(409)
  })
})

describe('the organization', () => {
  it('shows and changes name and settings; admins may, members may not', async () => {
    const org = await newOrganization()
    const admin = await join(org.token, 'admin')
    const member = await join(org.token, 'member')
    const shown = await api('GET', '/api/v1/organization', { token: member.accessToken })
    expect(shown.body.data).toMatchObject({ name: org.name, settings: { defaultCurrency: 'EUR' } })
    expect((await api('PUT', '/api/v1/organization', { token: member.accessToken, body: { name: 'Nope' } })).status).toBe(403)
    const changed = await api('PUT', '/api/v1/organization', { token: admin.accessToken, body: { name: `${org.name} II`, settings: { defaultCurrency: 'CHF' } } })
    expect(changed.status).toBe(200)
    expect(changed.body.data).toMatchObject({ name: `${org.name} II`, settings: { defaultCurrency: 'CHF', defaultLocale: shown.body.data.settings.defaultLocale } })
    const invalid = await api('PUT', '/api/v1/organization', { token: admin.accessToken, body: { settings: { defaultCurrency: 'euro' } } })
    expect(invalid.status).toBe(400)
  })

  it('hands ownership over: the new owner may what the former one, now admin, may no longer', async () => {
    const org = await newOrganization()
    const heir = await join(org.token, 'member')
    const handed = await api('POST', '/api/v1/organization/transfer-ownership', { token: org.token, body: { userId: heir.id } })
    expect(handed.status).toBe(200)
    // Both roles changed, so both people sign in again.
    expect((await api('GET', '/api/v1/auth/me', { token: org.token })).status).toBe(401)
    const former = await signIn(org.email, PASSWORD)
    const owner = await signIn(heir.email, PASSWORD)
    expect([former.user.role, owner.user.role]).toEqual(['admin', 'owner'])
    expect((await api('POST', '/api/v1/organization/transfer-ownership', { token: former.accessToken, body: { userId: former.user.id } })).status).toBe(403)
    expect((await api('DELETE', '/api/v1/organization', { token: former.accessToken, body: { confirmName: org.name } })).status).toBe(403)
    const self = await api('POST', '/api/v1/organization/transfer-ownership', { token: owner.accessToken, body: { userId: owner.user.id } })
    expect(self.status).toBe(400)
  })

  it('deletes the organization and everything in it once its name is confirmed', async () => {
    const org = await newOrganization()
    const colleague = await join(org.token, 'viewer')
    const key = await api('POST', '/api/v1/api-keys', { token: org.token, body: { name: 'Gone soon', scope: 'read' } })
    await api('POST', '/api/v1/invitations', { token: org.token, body: { email: `pending-${unique()}@example.test`, role: 'viewer' } })

    const wrong = await api('DELETE', '/api/v1/organization', { token: org.token, body: { confirmName: `${org.name} ` } })
    expect(wrong.status).toBe(400)
    const deleted = await api('DELETE', '/api/v1/organization', { token: org.token, body: { confirmName: org.name } })
    expect(deleted.status).toBe(200)

    expect((await api('GET', '/api/v1/organization', { token: org.token })).status).toBe(401)
    expect((await api('GET', '/api/v1/contacts', { token: key.body.data.key })).status).toBe(401)
    expect((await api('POST', '/api/v1/auth/login', { body: { email: colleague.email, password: PASSWORD } })).status).toBe(401)
    expect((await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: colleague.refreshToken } })).status).toBe(401)
    // The address is free again, and the demo organization is untouched.
    expect((await newOrganizationWith(org.email)).status).toBe(201)
    expect((await api('GET', '/api/v1/organization', { token: await tokenOf(MEMBER) })).body.data.name).toBe('Pulse Demo GmbH')
  })

  it('answers 404 for another organization\'s members and invitations', async () => {
    const org = await newOrganization()
    const demoAdmin = await tokenOf(ADMIN)
    const demoMember = (await signIn(MEMBER)).user.id
    const email = `elsewhere-${unique()}@example.test`
    const invitation = await api('POST', '/api/v1/invitations', { token: demoAdmin, body: { email, role: 'viewer' } })
    for (const [method, path, body] of [
      ['PUT', `/api/v1/members/${demoMember}`, { role: 'viewer' }],
      ['DELETE', `/api/v1/members/${demoMember}`, undefined],
      ['DELETE', `/api/v1/invitations/${invitation.body.data.id}`, undefined],
      ['POST', '/api/v1/organization/transfer-ownership', { userId: demoMember }],
    ] as const) {
      expect((await api(method, path, { token: org.token, body })).status, `${method} ${path}`).toBe(404)
    }
    expect((await signIn(MEMBER)).user.role).toBe('member')
    expect((await api('GET', `/api/v1/auth/invitation?token=${invitationToken(email)}`)).status).toBe(200)
  })
})

function newOrganizationWith(email: string) {
  return api('POST', '/api/v1/auth/register', { body: { organizationName: `Again ${unique()}`, name: 'Frida Again', email, password: PASSWORD } })
}
