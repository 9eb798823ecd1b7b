import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { UNKNOWN_ID } from '../support/crm'
import { createPrivateDatabase } from '../support/database'
import { DEMO, call } from '../support/http'
import { startServer, type TestServer } from '../support/server'

const TOKEN = randomBytes(24).toString('base64url')
// Low enough to reach a 429 with a few calls; the sign-ins of this file stay below it.
const AUTH_LIMIT = 6

// A server of its own with a metrics token (the shared test server has none), and on PostgreSQL
// a database of its own: the session count spans all organizations, and other files sign in too.
let server: TestServer
let database: Awaited<ReturnType<typeof createPrivateDatabase>>

beforeAll(async () => {
  database = await createPrivateDatabase()
  server = await startServer({ DATABASE_URL: database.url, METRICS_TOKEN: TOKEN, RATE_LIMIT_AUTH: String(AUTH_LIMIT) })
})

afterAll(async () => {
  await server?.stop()
  await database?.drop()
})

function request(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.baseUrl}${path}`, init)
}

async function scrape(): Promise<string> {
  const res = await request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })
  expect(res.status).toBe(200)
  return res.text()
}

/** The value of one sample (`name{a="b",…} value`) whose labels include `labels`; undefined when there is none. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/i.exec(line)
    if (!match || match[1] !== name) continue
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(m => [m[1], m[2]]))
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3])
  }
  return undefined
}

async function signIn(): Promise<{ accessToken: string, refreshToken: string }> {
  const res = await request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO) })
  expect(res.status).toBe(200)
  return (await res.json() as { data: { accessToken: string, refreshToken: string } }).data
}

describe('GET /metrics', () => {
  it('does not exist where no token is configured (the shared test server)', async () => {
    expect((await call('GET', '/metrics')).status).toBe(404)
    expect((await call('GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404)
  })

  it('answers 401 without the configured bearer token', async () => {
    const missing = await request('/metrics')
    expect(missing.status).toBe(401)
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="metrics"')
    expect(await missing.text()).not.toContain('http_request')
    for (const wrong of [`${TOKEN.slice(0, -1)}x`, 'short', `${TOKEN}${TOKEN}`, TOKEN.toUpperCase()]) {
      expect((await request('/metrics', { headers: { authorization: `Bearer ${wrong}` } })).status, wrong).toBe(401)
    }
    // The token is a bearer credential, not a cookie or query parameter.
    expect((await request(`/metrics?token=${TOKEN}`)).status).toBe(401)
    expect((await request('/metrics', { headers: { authorization: `Basic ${TOKEN}` } })).status).toBe(401)
  })

  it('is not part of the API or its OpenAPI document', async () => {
    const document = await call('GET', '/api/v1/openapi.json')
    expect(Object.keys(document.body.paths as object).filter(path => path.includes('metrics'))).toEqual([])
  })

  it('serves the Prometheus text format with process metrics', async () => {
    const res = await request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const text = await res.text()
    expect(text).toContain('# TYPE http_request_duration_seconds histogram')
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0)
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0)
    expect(sample(text, 'pulse_db_pool_max')).toBe(inject('databaseUrl') ? 10 : 1)
  })

  it('times requests by route pattern, method and status — never by raw path', async () => {
    const { accessToken } = await signIn()
    const auth = { authorization: `Bearer ${accessToken}` }
    const before = await scrape()
    const count = (route: string, status: string, text: string) =>
      sample(text, 'http_request_duration_seconds_count', { method: 'GET', route, status }) ?? 0
    const junk = randomBytes(6).toString('hex')
    expect((await request(`/api/v1/contacts/${UNKNOWN_ID}`, { headers: auth })).status).toBe(404)
    expect((await request(`/api/v1/contacts/${UNKNOWN_ID.replace(/0$/, '1')}`, { headers: auth })).status).toBe(404)
    expect((await request(`/api/v1/${junk}/${junk}`, { headers: auth })).status).toBe(404)
    expect((await request('/api/v1/contacts?limit=1', { headers: auth })).status).toBe(200)

    const after = await scrape()
    expect(count('/api/v1/contacts/:id', '404', after) - count('/api/v1/contacts/:id', '404', before)).toBe(2)
    expect(count('/api/v1/contacts', '200', after) - count('/api/v1/contacts', '200', before)).toBe(1)
    // Unknown routes share one label, so nobody can grow the label set by inventing paths.
    expect(count('/api/**', '404', after) - count('/api/**', '404', before)).toBe(1)
    expect(sample(after, 'http_request_duration_seconds_bucket', { method: 'GET', route: '/api/v1/contacts/:id', status: '404', le: '+Inf' })).toBeGreaterThanOrEqual(2)
    expect(sample(after, 'http_request_duration_seconds_sum', { method: 'GET', route: '/api/v1/contacts/:id', status: '404' })).toBeGreaterThan(0)
    expect(after).not.toContain(UNKNOWN_ID)
    expect(after).not.toContain(junk)
    // Scrapes do not count themselves.
    expect(after).not.toMatch(/route="\/metrics"/)
    // Every request's database work is measured: statements, the pool's wait and the transactions.
    expect(sample(after, 'pulse_db_query_duration_seconds_count', { operation: 'select' })).toBeGreaterThan(sample(before, 'pulse_db_query_duration_seconds_count', { operation: 'select' }) ?? 0)
    expect(sample(after, 'pulse_db_transaction_duration_seconds_count', { outcome: 'commit' })).toBeGreaterThan(sample(before, 'pulse_db_transaction_duration_seconds_count', { outcome: 'commit' }) ?? 0)
    expect(sample(after, 'pulse_db_pool_acquire_duration_seconds_count')).toBeGreaterThan(0)
    expect(sample(after, 'pulse_db_pool_in_use')).toBe(0)
    expect(sample(after, 'pulse_db_pool_waiting')).toBe(0)
  })

  it('counts failed sign-ins and active sessions', async () => {
    const failures = (text: string) => sample(text, 'pulse_login_failures_total', { reason: 'invalid_credentials' }) ?? 0
    const sessions = (text: string) => sample(text, 'pulse_active_sessions')!
    const before = await scrape()
    const wrong = await request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...DEMO, password: 'not the password' }) })
    expect(wrong.status).toBe(401)
    const session = await signIn()
    const during = await scrape()
    expect(failures(during) - failures(before)).toBe(1)
    expect(sessions(during) - sessions(before)).toBe(1)

    // Sessions of every organization count (the function reads across tenants, and only counts).
    const other = await request('/api/v1/auth/register', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ organizationName: `Metrics ${randomBytes(3).toString('hex')} GmbH`, name: 'Other Owner', email: `metrics-${randomBytes(4).toString('hex')}@example.test`, password: 'a sturdy passphrase 42' }),
    })
    expect(other.status).toBe(201)
    expect(sessions(await scrape()) - sessions(during)).toBe(1)

    // A refresh rotates the token within the same session; signing out ends it.
    const beforeRefresh = await scrape()
    const refreshed = await request('/api/v1/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: session.refreshToken }) })
    expect(refreshed.status).toBe(200)
    const { refreshToken } = (await refreshed.json() as { data: { refreshToken: string } }).data
    expect(sessions(await scrape())).toBe(sessions(beforeRefresh))
    const logout = await request('/api/v1/auth/logout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken }) })
    expect(logout.status).toBeLessThan(300)
    expect(sessions(await scrape()) - sessions(before)).toBe(1)
  })

  it('counts rate-limit rejections by budget, labelled with the route they were refused on', async () => {
    const body = JSON.stringify({ email: `nobody-${randomBytes(4).toString('hex')}@example.test` })
    const before = await scrape()
    let refused = 0
    for (let i = 0; i <= AUTH_LIMIT; i++) {
      const res = await request('/api/v1/auth/forgot-password', { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      if (res.status === 429) refused++
    }
    expect(refused).toBeGreaterThanOrEqual(1)
    const after = await scrape()
    const rejections = (text: string) => sample(text, 'pulse_rate_limit_rejections_total', { budget: 'forgot-password' }) ?? 0
    expect(rejections(after) - rejections(before)).toBe(refused)
    // Refused by middleware before routing, still under its route's pattern.
    expect(sample(after, 'http_requests_total', { method: 'POST', route: '/api/v1/auth/forgot-password', status: '429' })).toBe(refused)
  })
})
