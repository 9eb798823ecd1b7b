import { randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
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
  pipeline = (await call('GET', '/api/v1/pipelines', { token: admin })).body.data[0]
})

interface RouteCase {
  method: string
  path: string
  /** Who gets through; everyone else with an identity gets 403, without one 401. */
  allowed: Principal[]
  /** The status an allowed caller gets (2xx, or a documented stop after authorization). */
  status: number
  /** Builds the request for one caller; may prepare what it needs with the owner's token. */
  request?: (ownerToken: string) => Promise<{ path?: string, body?: unknown, raw?: string, headers?: Record<string, string> }>
}

const everyone: Principal[] = ['owner', 'admin', 'member', 'viewer', 'readKey', 'writeKey']
const writers: Principal[] = ['owner', 'admin', 'member', 'writeKey']
const admins: Principal[] = ['owner', 'admin']

/** A record of the demo organization made by its owner, for a route that needs an id. */
async function record(owner: string, resource: string, body: unknown): Promise<string> {
  const res = await call('POST', `/api/v1/${resource}`, { token: owner, body })
  expect(res.status, res.text).toBe(201)
  return res.body.data.id as string
}
const contactBody = () => ({ firstName: 'Rolf', lastName: `Rolle ${unique()}` })
let pipeline: { id: string, stages: { id: string, kind: string }[] }
const dealBody = () => ({ title: `Roles ${unique()}`, pipelineId: pipeline.id })
const companyBody = () => ({ name: `Roles ${unique()} GmbH` })
const activityBody = () => ({ type: 'note', subject: `Roles ${unique()}` })
const pipelineBody = () => ({ name: `Roles ${unique()}`, stages: [{ name: 'Offen', probability: 10, kind: 'open' }] })
// A CSV with a header and no rows: running it changes nothing in the demo organization.
const csvUpload = { raw: 'Vorname;Nachname\n', headers: { 'content-type': 'text/csv' } }
async function upload(owner: string, then?: 'cancel'): Promise<string> {
  const res = await call('POST', '/api/v1/imports?entity=contacts', { token: owner, ...csvUpload })
  expect(res.status, res.text).toBe(201)
  if (then) expect((await call('POST', `/api/v1/imports/${res.body.data.id}/${then}`, { token: owner })).status).toBe(200)
  return res.body.data.id as string
}

const ROUTES: RouteCase[] = [
  { method: 'GET', path: '/api/v1/dashboard', allowed: everyone, status: 200 },
  { method: 'GET', path: '/api/v1/contacts', allowed: everyone, status: 200 },
  { method: 'GET', path: '/api/v1/companies', allowed: everyone, status: 200 },
  { method: 'GET', path: '/api/v1/deals', allowed: everyone, status: 200 },
  { method: 'GET', path: '/api/v1/activities', allowed: everyone, status: 200 },
  { method: 'GET', path: '/api/v1/members', allowed: everyone, status: 200 },
  { method: 'GET', path: '/api/v1/users', allowed: everyone, status: 200 },
  { method: 'GET', path: '/api/v1/organization', allowed: everyone, status: 200 },
  // Setting Mehmet's role to the one he has: allowed callers get 200 and nothing changes.
  { method: 'PUT', path: '/api/v1/members/:mehmet', allowed: admins, status: 200, request: async () => ({ path: `/api/v1/members/${ids.mehmet}`, body: { role: 'member' } }) },
  { method: 'DELETE', path: '/api/v1/members/:unknown', allowed: admins, status: 404, request: async () => ({ path: `/api/v1/members/${UNKNOWN_ID}` }) },
  { method: 'PUT', path: '/api/v1/organization', allowed: admins, status: 200, request: async () => ({ body: {} }) },
  { method: 'DELETE', path: '/api/v1/organization', allowed: ['owner'], status: 400, request: async () => ({ body: { confirmName: 'not the name' } }) },
  { method: 'POST', path: '/api/v1/organization/transfer-ownership', allowed: ['owner'], status: 404, request: async () => ({ body: { userId: UNKNOWN_ID } }) },
  { method: 'GET', path: '/api/v1/invitations', allowed: admins, status: 200 },
  { method: 'POST', path: '/api/v1/invitations', allowed: admins, status: 201, request: async () => ({ body: { email: `roles-${unique()}@example.test`, role: 'member' } }) },
  { method: 'DELETE', path: '/api/v1/invitations/:id', allowed: admins, status: 200, request: async owner => ({ path: `/api/v1/invitations/${await newInvitation(owner)}` }) },
  { method: 'GET', path: '/api/v1/search?q=müller', allowed: everyone, status: 200 },
  { method: 'GET', path: '/api/v1/pipelines', allowed: everyone, status: 200 },
  { method: 'GET', path: '/api/v1/audit-logs', allowed: admins, status: 200 },
  { method: 'GET', path: '/api/v1/contacts/:id', allowed: everyone, status: 200, request: async owner => ({ path: `/api/v1/contacts/${await record(owner, 'contacts', contactBody())}` }) },
  { method: 'GET', path: '/api/v1/contacts/:id/history', allowed: everyone, status: 200, request: async owner => ({ path: `/api/v1/contacts/${await record(owner, 'contacts', contactBody())}/history` }) },
  { method: 'POST', path: '/api/v1/contacts', allowed: writers, status: 201, request: async () => ({ body: contactBody() }) },
  { method: 'PUT', path: '/api/v1/contacts/:id', allowed: writers, status: 200, request: async owner => ({ path: `/api/v1/contacts/${await record(owner, 'contacts', contactBody())}`, body: { position: 'Test' } }) },
  { method: 'DELETE', path: '/api/v1/contacts/:id', allowed: writers, status: 200, request: async owner => ({ path: `/api/v1/contacts/${await record(owner, 'contacts', contactBody())}` }) },
  { method: 'POST', path: '/api/v1/contacts/bulk', allowed: writers, status: 200, request: async owner => ({ body: { action: 'add_tag', ids: [await record(owner, 'contacts', contactBody())], tag: 'roles' } }) },
  { method: 'GET', path: '/api/v1/contacts/:id/activities', allowed: everyone, status: 200, request: async owner => ({ path: `/api/v1/contacts/${await record(owner, 'contacts', contactBody())}/activities` }) },
  { method: 'GET', path: '/api/v1/contacts/:id/deals', allowed: everyone, status: 200, request: async owner => ({ path: `/api/v1/contacts/${await record(owner, 'contacts', contactBody())}/deals` }) },
  { method: 'GET', path: '/api/v1/companies/:id', allowed: everyone, status: 200, request: async owner => ({ path: `/api/v1/companies/${await record(owner, 'companies', companyBody())}` }) },
  { method: 'PUT', path: '/api/v1/companies/:id', allowed: writers, status: 200, request: async owner => ({ path: `/api/v1/companies/${await record(owner, 'companies', companyBody())}`, body: { industry: 'Roles' } }) },
  { method: 'GET', path: '/api/v1/companies/:id/history', allowed: everyone, status: 200, request: async owner => ({ path: `/api/v1/companies/${await record(owner, 'companies', companyBody())}/history` }) },
  { method: 'GET', path: '/api/v1/companies/:id/contacts', allowed: everyone, status: 200, request: async owner => ({ path: `/api/v1/companies/${await record(owner, 'companies', companyBody())}/contacts` }) },
  { method: 'GET', path: '/api/v1/companies/:id/deals', allowed: everyone, status: 200, request: async owner => ({ path: `/api/v1/companies/${await record(owner, 'companies', companyBody())}/deals` }) },
  { method: 'GET', path: '/api/v1/deals/:id', allowed: everyone, status: 200, request: async owner => ({ path: `/api/v1/deals/${await record(owner, 'deals', dealBody())}` }) },
  { method: 'PUT', path: '/api/v1/deals/:id', allowed: writers, status: 200, request: async owner => ({ path: `/api/v1/deals/${await record(owner, 'deals', dealBody())}`, body: { title: `Roles ${unique()}` } }) },
  { method: 'GET', path: '/api/v1/deals/:id/history', allowed: everyone, status: 200, request: async owner => ({ path: `/api/v1/deals/${await record(owner, 'deals', dealBody())}/history` }) },
  { method: 'GET', path: '/api/v1/deals/:id/stage-history', allowed: everyone, status: 200, request: async owner => ({ path: `/api/v1/deals/${await record(owner, 'deals', dealBody())}/stage-history` }) },
  { method: 'GET', path: '/api/v1/deals/:id/activities', allowed: everyone, status: 200, request: async owner => ({ path: `/api/v1/deals/${await record(owner, 'deals', dealBody())}/activities` }) },
  { method: 'GET', path: '/api/v1/pipelines/:id', allowed: everyone, status: 200, request: async () => ({ path: `/api/v1/pipelines/${pipeline.id}` }) },
  { method: 'GET', path: '/api/v1/pipelines/:id/history', allowed: everyone, status: 200, request: async () => ({ path: `/api/v1/pipelines/${pipeline.id}/history` }) },
  { method: 'GET', path: '/api/v1/pipelines/:id/totals', allowed: everyone, status: 200, request: async () => ({ path: `/api/v1/pipelines/${pipeline.id}/totals` }) },
  { method: 'GET', path: '/api/v1/activities/:id', allowed: everyone, status: 200, request: async owner => ({ path: `/api/v1/activities/${await record(owner, 'activities', activityBody())}` }) },
  { method: 'DELETE', path: '/api/v1/activities/:id', allowed: writers, status: 200, request: async owner => ({ path: `/api/v1/activities/${await record(owner, 'activities', activityBody())}` }) },
  { method: 'GET', path: '/api/v1/activities/:id/history', allowed: everyone, status: 200, request: async owner => ({ path: `/api/v1/activities/${await record(owner, 'activities', activityBody())}/history` }) },
  { method: 'POST', path: '/api/v1/companies', allowed: writers, status: 201, request: async () => ({ body: { name: `Roles ${unique()} GmbH` } }) },
  { method: 'DELETE', path: '/api/v1/companies/:id', allowed: writers, status: 200, request: async owner => ({ path: `/api/v1/companies/${await record(owner, 'companies', { name: `Roles ${unique()}` })}` }) },
  { method: 'POST', path: '/api/v1/deals', allowed: writers, status: 201, request: async () => ({ body: dealBody() }) },
  { method: 'POST', path: '/api/v1/deals/:id/move', allowed: writers, status: 200, request: async owner => ({ path: `/api/v1/deals/${await record(owner, 'deals', dealBody())}/move`, body: { stageId: pipeline.stages.find(s => s.kind === 'won')!.id } }) },
  { method: 'DELETE', path: '/api/v1/deals/:id', allowed: writers, status: 200, request: async owner => ({ path: `/api/v1/deals/${await record(owner, 'deals', dealBody())}` }) },
  { method: 'POST', path: '/api/v1/activities', allowed: writers, status: 201, request: async () => ({ body: { type: 'note', subject: `Roles ${unique()}` } }) },
  { method: 'PUT', path: '/api/v1/activities/:id', allowed: writers, status: 200, request: async owner => ({ path: `/api/v1/activities/${await record(owner, 'activities', { type: 'task', subject: 'Roles' })}`, body: { completedAt: '2026-11-24T10:00:00Z' } }) },
  { method: 'POST', path: '/api/v1/pipelines', allowed: admins, status: 201, request: async () => ({ body: pipelineBody() }) },
  { method: 'PUT', path: '/api/v1/pipelines/:id', allowed: admins, status: 200, request: async owner => ({ path: `/api/v1/pipelines/${await record(owner, 'pipelines', pipelineBody())}`, body: { name: `Renamed ${unique()}` } }) },
  { method: 'DELETE', path: '/api/v1/pipelines/:id', allowed: admins, status: 200, request: async owner => ({ path: `/api/v1/pipelines/${await record(owner, 'pipelines', pipelineBody())}` }) },
  { method: 'GET', path: '/api/v1/api-keys', allowed: admins, status: 200 },
  { method: 'GET', path: '/api/v1/contacts/export', allowed: everyone, status: 200 },
  { method: 'GET', path: '/api/v1/companies/export', allowed: everyone, status: 200 },
  { method: 'GET', path: '/api/v1/deals/export', allowed: everyone, status: 200 },
  { method: 'GET', path: '/api/v1/activities/export', allowed: everyone, status: 200 },
  { method: 'POST', path: '/api/v1/imports?entity=contacts', allowed: writers, status: 201, request: async () => csvUpload },
  { method: 'GET', path: '/api/v1/imports', allowed: writers, status: 200 },
  { method: 'GET', path: '/api/v1/imports/:id', allowed: writers, status: 200, request: async owner => ({ path: `/api/v1/imports/${await upload(owner)}` }) },
  { method: 'PUT', path: '/api/v1/imports/:id', allowed: writers, status: 200, request: async owner => ({ path: `/api/v1/imports/${await upload(owner)}`, body: { mapping: { 0: 'firstName', 1: 'lastName' } } }) },
  { method: 'GET', path: '/api/v1/imports/:id/preview', allowed: writers, status: 200, request: async owner => ({ path: `/api/v1/imports/${await upload(owner)}/preview` }) },
  { method: 'GET', path: '/api/v1/imports/:id/errors', allowed: writers, status: 200, request: async owner => ({ path: `/api/v1/imports/${await upload(owner)}/errors` }) },
  { method: 'POST', path: '/api/v1/imports/:id/run', allowed: writers, status: 202, request: async owner => ({ path: `/api/v1/imports/${await upload(owner)}/run` }) },
  { method: 'POST', path: '/api/v1/imports/:id/resume', allowed: writers, status: 202, request: async owner => ({ path: `/api/v1/imports/${await upload(owner, 'cancel')}/resume` }) },
  { method: 'POST', path: '/api/v1/imports/:id/cancel', allowed: writers, status: 200, request: async owner => ({ path: `/api/v1/imports/${await upload(owner)}/cancel` }) },
  { method: 'POST', path: '/api/v1/imports/:id/undo', allowed: writers, status: 200, request: async owner => ({ path: `/api/v1/imports/${await upload(owner, 'cancel')}/undo` }) },
  { method: 'POST', path: '/api/v1/api-keys', allowed: admins, status: 201, request: async () => ({ body: { name: `roles ${unique()}`, scope: 'read' } }) },
  { method: 'DELETE', path: '/api/v1/api-keys/:id', allowed: admins, status: 200, request: async owner => ({ path: `/api/v1/api-keys/${(await newKey(owner, 'read')).id}` }) },
  // DSGVO: exports and erasure are for admins, consent is recorded by anyone who writes records.
  { method: 'GET', path: '/api/v1/contacts/:id/export', allowed: admins, status: 200, request: async owner => ({ path: `/api/v1/contacts/${await record(owner, 'contacts', contactBody())}/export` }) },
  { method: 'POST', path: '/api/v1/contacts/:id/erase', allowed: admins, status: 200, request: async owner => ({ path: `/api/v1/contacts/${await record(owner, 'contacts', contactBody())}/erase`, body: { reason: 'roles test' } }) },
  { method: 'GET', path: '/api/v1/contacts/:id/consents', allowed: everyone, status: 200, request: async owner => ({ path: `/api/v1/contacts/${await record(owner, 'contacts', contactBody())}/consents` }) },
  { method: 'POST', path: '/api/v1/contacts/:id/consents', allowed: writers, status: 201, request: async owner => ({ path: `/api/v1/contacts/${await record(owner, 'contacts', contactBody())}/consents`, body: { purpose: 'Newsletter', status: 'granted', source: 'roles' } }) },
  { method: 'GET', path: '/api/v1/privacy/erasures', allowed: admins, status: 200 },
  { method: 'GET', path: '/api/v1/privacy/retention-rules', allowed: admins, status: 200 },
  // A disabled rule with the longest period: it never runs on the demo data.
  { method: 'PUT', path: '/api/v1/privacy/retention-rules/{kind}', allowed: admins, status: 200, request: async () => ({ path: '/api/v1/privacy/retention-rules/activities_completed', body: { months: 240, enabled: false } }) },
  { method: 'DELETE', path: '/api/v1/privacy/retention-rules/{kind}', allowed: admins, status: 404, request: async () => ({ path: '/api/v1/privacy/retention-rules/contacts_inactive' }) },
  { method: 'GET', path: '/api/v1/privacy/retention-runs', allowed: admins, status: 200 },
  {
    method: 'POST', path: '/api/v1/privacy/retention-runs', allowed: admins, status: 201, request: async (owner) => {
      await call('PUT', '/api/v1/privacy/retention-rules/activities_completed', { token: owner, body: { months: 240, enabled: false } })
      return { body: { kind: 'activities_completed', dryRun: true } }
    },
  },
  { method: 'GET', path: '/api/v1/organization/export', allowed: ['owner'], status: 200 },
  { method: 'GET', path: '/api/v1/organization/deletion', allowed: everyone, status: 200 },
  // Sent so that nothing can happen: a wrong name, and no deletion to cancel.
  { method: 'POST', path: '/api/v1/organization/deletion', allowed: ['owner'], status: 400, request: async () => ({ body: { confirmName: 'not the name' } }) },
  { method: 'DELETE', path: '/api/v1/organization/deletion', allowed: ['owner'], status: 404 },
]

describe('the permission matrix', () => {
  it.each(ROUTES.map(r => [`${r.method} ${r.path}`, r] as const))('%s', async (_, route) => {
    const tokens = await credentials()
    const mismatches: string[] = []
    for (const principal of PRINCIPALS) {
      const prepared = route.request ? await route.request(tokens.owner!) : {}
      const res = await call(route.method, prepared.path ?? route.path, { token: tokens[principal], body: prepared.body, raw: prepared.raw, headers: prepared.headers })
      const expected = principal === 'anonymous' ? 401 : route.allowed.includes(principal) ? route.status : 403
      if (res.status !== expected) mismatches.push(`${principal}: expected ${expected}, got ${res.status} ${res.text.slice(0, 200)}`)
      if (expected === 403 && res.body?.error?.code !== 'FORBIDDEN') mismatches.push(`${principal}: 403 without FORBIDDEN`)
    }
    expect(mismatches).toEqual([])
  })

  it('covers every documented route that needs an identity (own-account routes: auth.test.ts)', async () => {
    const doc = (await call('GET', '/api/v1/openapi.json')).body as { paths: Record<string, Record<string, { security?: unknown[] }>> }
    const covered = new Set(ROUTES.map(r => `${r.method} ${r.path.split('?')[0]!.replace(/:\w+/g, '{id}')}`))
    const missing = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item)
      .filter(([, op]) => op.security?.length && !path.startsWith('/api/v1/auth/'))
      .map(([method]) => `${method.toUpperCase()} ${path}`))
      .filter(name => !covered.has(name))
    expect(missing).toEqual([])
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
