import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO } from '../support/http'
import { startServer, type TestServer } from '../support/server'

// A server of its own, so its output holds only this file's requests.
let server: TestServer

beforeAll(async () => {
  server = await startServer()
})

afterAll(async () => {
  await server?.stop()
})

interface LogEntry { level: string, msg: string, requestId?: string, method?: string, path?: string, status?: number, durationMs?: number, orgId?: string, userId?: string }

function entries(): LogEntry[] {
  return server.output().split('\n').filter(line => line.startsWith('{')).map(line => JSON.parse(line) as LogEntry)
}

async function waitForEntry(requestId: string): Promise<LogEntry> {
  for (let i = 0; i < 50; i++) {
    const found = entries().find(e => e.requestId === requestId && e.msg === 'request')
    if (found) return found
    await new Promise(resolve => setTimeout(resolve, 20))
  }
  throw new Error(`no log line for ${requestId}:\n${server.output().slice(-2000)}`)
}

describe('request ids and structured logs', () => {
  it('honours a well-formed X-Request-Id and logs the request under it, with org and user', async () => {
    const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO),
    })
    const { data } = await login.json() as { data: { accessToken: string, user: { id: string }, organization: { id: string } } }
    const started = performance.now()
    const res = await fetch(`${server.baseUrl}/api/v1/contacts?q=secret-query-text`, {
      headers: { 'authorization': `Bearer ${data.accessToken}`, 'x-request-id': 'proxy-abc.123' },
    })
    const elapsedMs = performance.now() - started
    expect(res.status).toBe(200)
    expect(res.headers.get('x-request-id')).toBe('proxy-abc.123')
    const entry = await waitForEntry('proxy-abc.123')
    expect(entry).toMatchObject({
      level: 'info', method: 'GET', path: '/api/v1/contacts', status: 200, orgId: data.organization.id, userId: data.user.id,
    })
    // In milliseconds, and no longer than the request took as the client saw it.
    expect(entry.durationMs).toEqual(expect.any(Number))
    expect(entry.durationMs).toBeGreaterThan(0)
    expect(entry.durationMs).toBeLessThanOrEqual(Math.ceil(elapsedMs))
    // Never the query string, the token or the password.
    const logged = JSON.stringify(entries())
    expect(logged).not.toContain('secret-query-text')
    expect(logged).not.toContain(data.accessToken)
    expect(logged).not.toContain(DEMO.password)
  })

  it('replaces a missing or malformed id with a new one, also on refused requests', async () => {
    const none = await fetch(`${server.baseUrl}/api/v1/contacts`)
    expect(none.status).toBe(401)
    const generated = none.headers.get('x-request-id')!
    expect(generated).toMatch(/^[0-9a-f-]{36}$/)
    expect(await waitForEntry(generated)).toMatchObject({ status: 401, path: '/api/v1/contacts' })
    // An answer that ends in an error is logged once, not by both the error handler and the hook.
    await new Promise(resolve => setTimeout(resolve, 100))
    expect(entries().filter(e => e.requestId === generated)).toHaveLength(1)

    const hostile = await fetch(`${server.baseUrl}/api/v1/unknown`, { headers: { 'x-request-id': 'a b"}{"level":"error' } })
    expect(hostile.status).toBe(404)
    const replaced = hostile.headers.get('x-request-id')!
    expect(replaced).toMatch(/^[0-9a-f-]{36}$/)
    expect(await waitForEntry(replaced)).toMatchObject({ status: 404 })
  })

  it('keeps load-balancer probes out of the log', async () => {
    const res = await fetch(`${server.baseUrl}/api/health`)
    const id = res.headers.get('x-request-id')!
    await fetch(`${server.baseUrl}/api/v1/nothing-here`, { headers: { 'x-request-id': 'after-probe' } })
    await waitForEntry('after-probe')
    expect(entries().some(e => e.requestId === id)).toBe(false)
  })
})

/** A page load as a browser sends it (node:http: fetch would say it is a script's request). */
function loadPage(path: string, cookie: string): Promise<{ status: number, location?: string, setCookie: string[], text: string }> {
  const headers = { 'accept': 'text/html', 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate', cookie, 'x-request-id': `page-${path.replace(/\W/g, '')}-${Date.now()}` }
  return new Promise((resolve, reject) => {
    request(new URL(path, server.baseUrl), { headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, setCookie: res.headers['set-cookie'] ?? [], text }))
    }).on('error', reject).end()
  })
}

describe('a signed-in page load', () => {
  async function signIn() {
    const res = await fetch(`${server.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO) })
    return (await res.json() as { data: { accessToken: string, refreshToken: string, user: { name: string } } }).data
  }

  it('reads the session, the bell\'s count and the deletion status with the page request, not through in-process API calls', async () => {
    const { accessToken, user } = await signIn()
    const marker = async (id: string) => waitForEntry((await fetch(`${server.baseUrl}/api/v1/nothing-here`, { headers: { 'x-request-id': id } })).headers.get('x-request-id')!)
    // Everything logged before the page load is out of the count.
    await marker('before-page')
    const before = entries().length
    const page = await loadPage('/contacts', `pulse.access=${accessToken}`)
    expect(page.status).toBe(200)
    // Rendered signed in, with the person's name, the bell and the list.
    expect(page.text).toContain(user.name)
    expect(page.text).toContain('data-testid="notifications-bell"')
    await marker('after-page')
    const paths = entries().slice(before).map(e => e.path)
    // The list is the page's own data; nothing else went through the API.
    expect(paths.filter(path => path?.startsWith('/api/v1/') && path !== '/api/v1/nothing-here')).toEqual(['/api/v1/contacts'])
  })

  it('with a token whose session was ended signs out and leads to sign-in, as before', async () => {
    const { accessToken, refreshToken } = await signIn()
    const out = await fetch(`${server.baseUrl}/api/v1/auth/logout`, { method: 'POST', headers: { 'content-type': 'application/json', 'authorization': `Bearer ${accessToken}` }, body: JSON.stringify({ refreshToken }) })
    expect(out.status).toBeLessThan(300)
    const page = await loadPage('/contacts', `pulse.access=${accessToken}`)
    expect(page.status).toBe(302)
    expect(page.location).toMatch(/^\/login/)
    expect(page.setCookie.some(cookie => /^pulse\.access=;.*Max-Age=0/i.test(cookie))).toBe(true)
  })
})
