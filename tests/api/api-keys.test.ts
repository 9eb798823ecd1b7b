import { createHash, randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { beforeEach, describe, expect, inject, it } from 'vitest'
import { call, login } from '../support/http'

const ADMIN = 'stefan.koehler@pulse.test'
const unique = () => randomBytes(4).toString('hex')

let admin: string

interface CreatedKey { id: string, name: string, scope: string, prefix: string, createdAt: string, key: string }

async function createKey(scope: 'read' | 'read_write', token = admin): Promise<CreatedKey> {
  const res = await call('POST', '/api/v1/api-keys', { token, body: { name: `keys ${scope} ${unique()}`, scope } })
  expect(res.status).toBe(201)
  return res.body.data
}

async function listKeys(query = '') {
  const res = await call('GET', `/api/v1/api-keys?limit=100${query}`, { token: admin })
  expect(res.status).toBe(200)
  return res
}

// Sessions of demo users may be ended by other suites: sign in afresh for every test.
beforeEach(async () => {
  admin = await login(ADMIN)
})

describe('creating a key', () => {
  it('answers 201 with the key, shown this once; lists show only its first characters', async () => {
    const created = await createKey('read')
    expect(Object.keys(created).sort()).toEqual(['createdAt', 'id', 'key', 'name', 'prefix', 'scope'])
    expect(created.key).toMatch(/^pk_[\w-]{43}$/)
    expect(created.prefix).toBe(created.key.slice(0, 10))
    const list = await listKeys()
    const listed = list.body.data.find((k: { id: string }) => k.id === created.id)
    expect(listed).toMatchObject({ id: created.id, name: created.name, scope: 'read', prefix: created.prefix, lastUsedAt: null, revokedAt: null })
    expect(listed.createdBy).toMatchObject({ name: 'Stefan Köhler' })
    expect(list.text).not.toContain(created.key)
    expect(listed).not.toHaveProperty('key')
    expect(listed).not.toHaveProperty('keyHash')
  })

  it.runIf(inject('databaseUrl'))('keeps only the SHA-256 of the key in the database', async () => {
    const created = await createKey('read_write')
    const sql = postgres(inject('databaseUrl'), { max: 1, onnotice: () => {} })
    try {
      const [row] = await sql`select prefix, key_hash from api_keys where id = ${created.id}`
      expect(row).toEqual({ prefix: created.prefix, key_hash: createHash('sha256').update(created.key).digest('hex') })
      const leaks = await sql`select count(*)::int as n from api_keys a where to_jsonb(a)::text like ${`%${created.key}%`}`
      expect(leaks[0]!.n).toBe(0)
      const audit = await sql`select count(*)::int as n from audit_logs where entity_id = ${created.id} and (changes::text like ${`%${created.key.slice(10)}%`})`
      expect(audit[0]!.n).toBe(0)
    }
    finally {
      await sql.end()
    }
  })

  it('validates name and scope', async () => {
    const bad = await call('POST', '/api/v1/api-keys', { token: admin, body: { name: '', scope: 'admin' } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['name', 'scope'])
  })
})

describe('using a key', () => {
  it('reads with a read key and is refused every write with 403', async () => {
    const { key } = await createKey('read')
    expect((await call('GET', '/api/v1/contacts?limit=1', { token: key })).status).toBe(200)
    for (const [method, path, body] of [
      ['PUT', '/api/v1/organization', {}],
      ['POST', '/api/v1/invitations', { email: `r-${unique()}@example.test`, role: 'viewer' }],
      ['DELETE', '/api/v1/api-keys/01900000-0000-7000-8000-000000000000', undefined],
    ] as const) {
      const res = await call(method, path, { token: key, body })
      expect(res.status, `${method} ${path}`).toBe(403)
      expect(res.body.error.code).toBe('FORBIDDEN')
    }
  })

  it('reads with a read_write key, which manages neither keys nor people', async () => {
    const { key, id } = await createKey('read_write')
    expect((await call('GET', '/api/v1/members', { token: key })).status).toBe(200)
    expect((await call('GET', '/api/v1/api-keys', { token: key })).status).toBe(403)
    expect((await call('POST', '/api/v1/api-keys', { token: key, body: { name: 'child', scope: 'read_write' } })).status).toBe(403)
    expect((await call('DELETE', `/api/v1/api-keys/${id}`, { token: key })).status).toBe(403)
    // A key is a valid identity but not a person: it has no profile.
    expect((await call('GET', '/api/v1/auth/me', { token: key })).status).toBe(403)
  })

  it('records when a key was last used', async () => {
    const { key, id } = await createKey('read')
    await call('GET', '/api/v1/users', { token: key })
    const listed = (await listKeys()).body.data.find((k: { id: string }) => k.id === id)
    expect(listed.lastUsedAt).toEqual(expect.any(String))
  })

  it('refuses unknown and malformed keys with 401', async () => {
    for (const token of [`pk_${randomBytes(32).toString('base64url')}`, 'pk_', 'pk_short']) {
      const res = await call('GET', '/api/v1/contacts', { token })
      expect(res.status, token).toBe(401)
      expect(res.body.error.code).toBe('UNAUTHORIZED')
    }
  })
})

describe('revoking a key', () => {
  it('takes effect on the very next request', async () => {
    const { key, id } = await createKey('read_write')
    expect((await call('GET', '/api/v1/contacts?limit=1', { token: key })).status).toBe(200)
    const revoked = await call('DELETE', `/api/v1/api-keys/${id}`, { token: admin })
    expect(revoked.status).toBe(200)
    expect(revoked.body.data).toMatchObject({ id, revokedAt: expect.any(String) })
    const next = await call('GET', '/api/v1/contacts?limit=1', { token: key })
    expect(next.status).toBe(401)
  })

  it('hides revoked keys unless asked, and answers 404 for ids it does not know', async () => {
    const { id } = await createKey('read')
    await call('DELETE', `/api/v1/api-keys/${id}`, { token: admin })
    expect((await listKeys()).body.data.map((k: { id: string }) => k.id)).not.toContain(id)
    const all = (await listKeys('&includeRevoked=true')).body.data
    expect(all.find((k: { id: string }) => k.id === id)).toMatchObject({ revokedAt: expect.any(String) })
    expect((await call('DELETE', '/api/v1/api-keys/01900000-0000-7000-8000-000000000000', { token: admin })).status).toBe(404)
    expect((await call('DELETE', '/api/v1/api-keys/not-a-uuid', { token: admin })).status).toBe(400)
  })
})
