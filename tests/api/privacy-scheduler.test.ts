import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPrivateDatabase } from '../support/database'
import { startServer, type TestServer } from '../support/server'

// The scheduled task inside a running server: a server of its own with no grace period
// and a pass every 300 ms, on a database of its own, so its deletions touch nothing else.
let server: TestServer
let database: Awaited<ReturnType<typeof createPrivateDatabase>>

beforeAll(async () => {
  database = await createPrivateDatabase()
  server = await startServer({
    DATABASE_URL: database.url, PULSE_SEED_DEMO: 'never', PULSE_ORG_DELETION_GRACE_DAYS: '0', PULSE_PRIVACY_TASK_INTERVAL_MS: '300',
    RATE_LIMIT_ANONYMOUS: '100000', RATE_LIMIT_AUTHENTICATED: '100000', RATE_LIMIT_AUTH: '10000',
  })
})

afterAll(async () => {
  await server?.stop()
  await database?.drop()
})

async function request(method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  return { status: res.status, body: await res.json().catch(() => null) as { data?: Record<string, unknown> } | null }
}

async function register(label: string) {
  const res = await request('POST', '/api/v1/auth/register', undefined, {
    organizationName: `${label} GmbH`, name: `Owner ${label}`, email: `${label.toLowerCase()}@scheduler.example.test`, password: 'a sturdy passphrase 42',
  })
  expect(res.status).toBe(201)
  const token = (res.body!.data as { accessToken: string }).accessToken
  await request('POST', '/api/v1/contacts', token, { firstName: 'Kim', lastName: label })
  return { token, name: `${label} GmbH` }
}

describe('the scheduled privacy task in a running server', () => {
  it('deletes an organization once its grace period is over, leaves the others, and stops cleanly on SIGTERM', async () => {
    const [doomed, kept] = await Promise.all([register('Doomed'), register('Kept')])
    const scheduled = await request('POST', '/api/v1/organization/deletion', doomed.token, { confirmName: doomed.name })
    expect(scheduled.status).toBe(201)
    expect(scheduled.body!.data).toMatchObject({ graceDays: 0 })

    // The next pass deletes it: its owner's token then names no one (401).
    let status = 200
    for (let i = 0; i < 100 && status !== 401; i++) {
      await new Promise(resolve => setTimeout(resolve, 100))
      status = (await request('GET', '/api/v1/organization', doomed.token)).status
    }
    expect(status).toBe(401)
    expect(server.output()).toMatch(/\[privacy\] organization [0-9a-f-]{36} deleted with all its data after its grace period/)
    const login = await request('POST', '/api/v1/auth/login', undefined, { email: 'doomed@scheduler.example.test', password: 'a sturdy passphrase 42' })
    expect(login.status).toBe(401)

    const contacts = await request('GET', '/api/v1/contacts', kept.token)
    expect(contacts.status).toBe(200)
    expect(contacts.body).toMatchObject({ meta: { total: 1 } })

    server.kill('SIGTERM')
    expect(await server.exited).toBe(0)
    expect(server.output()).not.toMatch(/scheduled task failed/)
  })
})
