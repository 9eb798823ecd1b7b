import { randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { ROLES, type Role } from '../../shared/domain'
import { documentedOperations, fillPath, operationName, type Operation } from '../support/declarations'
import { call, DEMO, login } from '../support/http'

// Who may do what, over HTTP against the shared test server's demo organization. Nothing
// here changes a demo user's role, password or sessions; destructive owner-only actions
// are sent so that they pass authorization and then stop (a wrong confirmation, an unknown
// member), and their real effect is tested in team.test.ts on a server of its own.

const PEOPLE = {
  owner: DEMO.email,
  admin: 'stefan.koehler@pulse.test',
  member: 'julia.weiss@pulse.test',
  viewer: 'sophie.martin@pulse.test',
} as const
type Person = keyof typeof PEOPLE
type Principal = Person | 'readKey' | 'writeKey' | 'anonymous'
const PRINCIPALS: Principal[] = ['owner', 'admin', 'member', 'viewer', 'readKey', 'writeKey', 'anonymous']

const unique = () => randomBytes(4).toString('hex')
const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000'

let keys: { readKey: string, writeKey: string }
let ids: { owner: string, mehmet: string }

/** Fresh sign-ins for everyone (other suites may end sessions), plus the two API keys. */
async function credentials(): Promise<Record<Principal, string | undefined>> {
  const [owner, admin, member, viewer] = await Promise.all((Object.values(PEOPLE)).map(email => login(email)))
  return { owner, admin, member, viewer, ...keys, anonymous: undefined }
}

async function newKey(token: string, scope: 'read' | 'read_write') {
  const res = await call('POST', '/api/v1/api-keys', { token, body: { name: `roles ${scope} ${unique()}`, scope } })
  expect(res.status).toBe(201)
  return res.body.data as { id: string, key: string }
}

async function newInvitation(token: string) {
  const res = await call('POST', '/api/v1/invitations', { token, body: { email: `roles-${unique()}@example.test`, role: 'viewer' } })
  expect(res.status).toBe(201)
  return res.body.data.id as string
}

beforeAll(async () => {
  const admin = await login(PEOPLE.admin)
  keys = { readKey: (await newKey(admin, 'read')).key, writeKey: (await newKey(admin, 'read_write')).key }
  const team = await call('GET', '/api/v1/members?limit=100', { token: admin })
  const byEmail = (email: string) => (team.body.data as { id: string, email: string }[]).find(m => m.email === email)!.id
  ids = { owner: byEmail(DEMO.email), mehmet: byEmail('mehmet.yilmaz@pulse.test') }
})

const everyone: Exclude<Principal, 'anonymous'>[] = ['owner', 'admin', 'member', 'viewer', 'readKey', 'writeKey']
const API_KEY_ROLES = { readKey: 'viewer', writeKey: 'member' } as const
const hasRole = (actual: Role, least: Role) => ROLES.indexOf(actual) <= ROLES.indexOf(least)

/** Who a route's declaration lets through: people by role, keys by their role and (read keys) GET only. */
function allowedBy(op: Operation): Principal[] {
  const { role, apiKeys } = op.access
  if (!role) return [...everyone]
  return everyone.filter((principal) => {
    if (principal === 'readKey' || principal === 'writeKey') return apiKeys && hasRole(API_KEY_ROLES[principal], role) && (principal === 'writeKey' || op.method === 'get')
    return hasRole(principal, role)
  })
}

/**
 * The route's declared example, with every path parameter naming nothing (an unknown id,
 * or the first value a parameter allows): an allowed caller passes validation and
 * authorization and then, at most, finds no record; nothing of the demo data changes.
 */
function requestOf(op: Operation) {
  const values = Object.fromEntries(op.parameters.filter(p => p.in === 'path').map(p => [p.name, p.schema?.enum?.[0] ?? UNKNOWN_ID]))
  const query = op.example.query ? `?${new URLSearchParams(op.example.query)}` : ''
  const path = `${fillPath(op.path, values)}${query}`
  if (op.example.file !== undefined) return { path, raw: op.example.file, headers: { 'content-type': op.uploadType! } }
  return { path, body: op.example.body }
}

// Every declared operation that needs an identity, read from the document the routes'
// declarations make: a new route is in this matrix without a line here. The own-account
// routes under /auth (every person may call them for themselves) are in auth.test.ts.
const operations = (await documentedOperations()).filter(op => op.access.role !== null && !op.path.startsWith('/api/v1/auth/'))

describe('the permission matrix, over every declared route', () => {
  it('has the routes to check', () => {
    expect(operations.length).toBeGreaterThan(70)
  })

  it.each(operations.map(op => [operationName(op), op] as const))('%s', async (_, op) => {
    const tokens = await credentials()
    const allowed = allowedBy(op)
    const mismatches: string[] = []
    for (const principal of PRINCIPALS) {
      const { path, ...request } = requestOf(op)
      const res = await call(op.method.toUpperCase(), path, { token: tokens[principal], ...request })
      const summary = `${principal}: got ${res.status} ${res.text.slice(0, 200)}`
      if (res.status >= 500) mismatches.push(summary)
      else if (principal === 'anonymous') {
        if (res.status !== 401) mismatches.push(`${summary}, expected 401`)
      }
      else if (allowed.includes(principal)) {
        if (res.status === 401 || res.status === 403) mismatches.push(`${summary}, expected to pass authorization`)
      }
      else if (res.status !== 403 || res.body?.error?.code !== 'FORBIDDEN') mismatches.push(`${summary}, expected 403 FORBIDDEN`)
    }
    expect(mismatches).toEqual([])
  })

  it('keeps API keys away from the own-account routes', async () => {
    for (const key of Object.values(keys)) {
      const change = await call('POST', '/api/v1/auth/change-password', { token: key, body: { currentPassword: 'whatever', newPassword: 'a sturdy passphrase 42' } })
      expect(change.status).toBe(403)
    }
  })
})

describe('role boundaries', () => {
  it('viewer: reads everything the team sees, changes nothing', async () => {
    const viewer = await login(PEOPLE.viewer)
    for (const path of ['/api/v1/members', '/api/v1/users', '/api/v1/organization', '/api/v1/contacts']) {
      expect((await call('GET', path, { token: viewer })).status, path).toBe(200)
    }
    expect((await call('PUT', '/api/v1/organization', { token: viewer, body: { name: 'Viewer was here' } })).status).toBe(403)
    expect((await call('POST', '/api/v1/invitations', { token: viewer, body: { email: `v-${unique()}@example.test`, role: 'viewer' } })).status).toBe(403)
  })

  it('member: works with records but manages neither people, keys nor settings', async () => {
    const member = await login(PEOPLE.member)
    expect((await call('GET', '/api/v1/users', { token: member })).status).toBe(200)
    expect((await call('PUT', `/api/v1/members/${ids.mehmet}`, { token: member, body: { role: 'viewer' } })).status).toBe(403)
    expect((await call('GET', '/api/v1/api-keys', { token: member })).status).toBe(403)
    expect((await call('GET', '/api/v1/invitations', { token: member })).status).toBe(403)
    expect((await call('PUT', '/api/v1/organization', { token: member, body: { settings: { defaultCurrency: 'USD' } } })).status).toBe(403)
  })

  it('admin: manages the team, but neither grants nor touches the owner role', async () => {
    const admin = await login(PEOPLE.admin)
    const forbidden = [
      await call('POST', '/api/v1/invitations', { token: admin, body: { email: `o-${unique()}@example.test`, role: 'owner' } }),
      await call('PUT', `/api/v1/members/${ids.mehmet}`, { token: admin, body: { role: 'owner' } }),
      await call('PUT', `/api/v1/members/${ids.owner}`, { token: admin, body: { role: 'admin' } }),
      await call('DELETE', `/api/v1/members/${ids.owner}`, { token: admin }),
      // Sent so that a wrong answer could not do harm: an unknown member, a wrong name.
      await call('POST', '/api/v1/organization/transfer-ownership', { token: admin, body: { userId: UNKNOWN_ID } }),
      await call('DELETE', '/api/v1/organization', { token: admin, body: { confirmName: 'not the name' } }),
    ]
    expect(forbidden.map(r => r.status)).toEqual([403, 403, 403, 403, 403, 403])
    const invite = await call('POST', '/api/v1/invitations', { token: admin, body: { email: `a-${unique()}@example.test`, role: 'admin' } })
    expect(invite.status).toBe(201)
    const key = await call('POST', '/api/v1/api-keys', { token: admin, body: { name: `admin ${unique()}`, scope: 'read' } })
    expect(key.status).toBe(201)
  })

  it('owner: may do what an admin may not, but the last owner stays one', async () => {
    const owner = await login(PEOPLE.owner)
    const invite = await call('POST', '/api/v1/invitations', { token: owner, body: { email: `o-${unique()}@example.test`, role: 'owner' } })
    expect(invite.status).toBe(201)
    const demote = await call('PUT', `/api/v1/members/${ids.owner}`, { token: owner, body: { role: 'admin' } })
    expect(demote.status).toBe(409)
    expect(demote.body.error.code).toBe('CONFLICT')
    const remove = await call('DELETE', `/api/v1/members/${ids.owner}`, { token: owner })
    expect(remove.status).toBe(409)
    const wrongName = await call('DELETE', '/api/v1/organization', { token: owner, body: { confirmName: 'pulse demo gmbh' } })
    expect(wrongName.status).toBe(400)
    expect(wrongName.body.error.details).toEqual([{ path: 'confirmName', message: expect.any(String) }])
  })

  it('read-only API key: GET only', async () => {
    expect((await call('GET', '/api/v1/contacts', { token: keys.readKey })).status).toBe(200)
    expect((await call('GET', '/api/v1/organization', { token: keys.readKey })).status).toBe(200)
    const write = await call('PUT', '/api/v1/organization', { token: keys.readKey, body: {} })
    expect(write.status).toBe(403)
    expect(write.body.error.code).toBe('FORBIDDEN')
  })

  it('read_write API key: a member\'s reach, and never people or keys', async () => {
    expect((await call('GET', '/api/v1/users', { token: keys.writeKey })).status).toBe(200)
    for (const [method, path, body] of [
      ['GET', '/api/v1/api-keys', undefined],
      ['POST', '/api/v1/api-keys', { name: 'escalate', scope: 'read_write' }],
      ['POST', '/api/v1/invitations', { email: `k-${unique()}@example.test`, role: 'member' }],
      ['PUT', `/api/v1/members/${ids.mehmet}`, { role: 'member' }],
    ] as const) {
      expect((await call(method, path, { token: keys.writeKey, body })).status, `${method} ${path}`).toBe(403)
    }
  })
})

describe('other organizations', () => {
  it('answers 404 for ids of another organization', async () => {
    const owner = await login(PEOPLE.owner)
    const invitationId = await newInvitation(owner)
    const keyId = (await newKey(owner, 'read')).id
    const signUp = await call('POST', '/api/v1/auth/register', {
      body: { organizationName: `Other ${unique()}`, name: 'Olga Other', email: `olga-${unique()}@example.test`, password: 'a sturdy passphrase 42' },
    })
    expect(signUp.status).toBe(201)
    const other = signUp.body.data.accessToken as string
    const answers = [
      await call('PUT', `/api/v1/members/${ids.mehmet}`, { token: other, body: { role: 'viewer' } }),
      await call('DELETE', `/api/v1/members/${ids.mehmet}`, { token: other }),
      await call('POST', '/api/v1/organization/transfer-ownership', { token: other, body: { userId: ids.mehmet } }),
      await call('DELETE', `/api/v1/invitations/${invitationId}`, { token: other }),
      await call('DELETE', `/api/v1/api-keys/${keyId}`, { token: other }),
    ]
    expect(answers.map(a => a.status)).toEqual([404, 404, 404, 404, 404])
    const team = await call('GET', '/api/v1/members?limit=100', { token: other })
    expect(team.body.data.map((m: { id: string }) => m.id)).not.toContain(ids.mehmet)
    // Still there, unchanged.
    const mehmet = (await call('GET', '/api/v1/members?q=mehmet', { token: owner })).body.data[0]
    expect(mehmet).toMatchObject({ id: ids.mehmet, role: 'member' })
  })
})
