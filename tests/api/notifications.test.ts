import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { createPrivateDatabase } from '../support/database'
import { RESEND_TEST_KEY, receivedMails, waitForMails } from '../support/mail-server'
import { startServer, type TestServer } from '../support/server'

// The job runner in the built server: reminders fire from the durable queue, once, across
// a restart and across two processes on one PostgreSQL, and their mails go out through
// the real Resend SDK (pointed at mail-server.ts). Servers of their own on a database of
// their own, with a dispatch every 300 ms.
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))
const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

/** One database for the servers of a test: a private PostgreSQL database, or a PGlite directory they share one after another. */
async function database(): Promise<Record<string, string>> {
  const pg = await createPrivateDatabase()
  cleanups.push(pg.drop)
  if (pg.url) return { DATABASE_URL: pg.url }
  const dir = mkdtempSync(join(tmpdir(), 'pulse-jobs-'))
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
  return { PGLITE_DIR: join(dir, 'pglite') }
}

async function serverOn(db: Record<string, string>): Promise<TestServer> {
  const server = await startServer({
    ...db, PULSE_SEED_DEMO: 'never', PULSE_NOTIFY_INTERVAL_MS: '300',
    RESEND_API_KEY: RESEND_TEST_KEY, RESEND_BASE_URL: inject('mailServerUrl'),
    RATE_LIMIT_ANONYMOUS: '100000', RATE_LIMIT_AUTHENTICATED: '100000', RATE_LIMIT_AUTH: '10000',
  })
  cleanups.push(() => server.stop())
  return server
}

async function request(server: TestServer, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever JSON came back
  return { status: res.status, body: await res.json().catch(() => null) as any }
}

async function register(server: TestServer) {
  const email = `jobs-${randomBytes(5).toString('hex')}@example.test`
  const res = await request(server, 'POST', '/api/v1/auth/register', undefined, { organizationName: 'Jobs GmbH', name: 'Rita Runner', email, password: 'a sturdy passphrase 42' })
  expect(res.status).toBe(201)
  return { email, token: res.body.data.accessToken as string }
}

/** An activity whose reminder (1 minute before its due time) comes due `inMs` from now. */
async function remindedIn(server: TestServer, token: string, subject: string, inMs: number) {
  const dueAt = new Date(Date.now() + 60_000 + inMs).toISOString()
  const res = await request(server, 'POST', '/api/v1/activities', token, { type: 'call', subject, dueAt, reminders: [1] })
  expect(res.status).toBe(201)
  expect(res.body.data.reminders).toEqual([1])
  return res.body.data.id as string
}

async function reminders(server: TestServer, token: string): Promise<{ recordId: string, kind: string }[]> {
  const res = await request(server, 'GET', '/api/v1/notifications?limit=100', token)
  expect(res.status).toBe(200)
  return (res.body.data as { recordId: string, kind: string }[]).filter(n => n.kind === 'reminder')
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() > deadline) return value
    await sleep(200)
  }
}

describe('reminders from the durable job runner', () => {
  it('fire once, in the app and by mail, even when the server restarts before they are due', async () => {
    const db = await database()
    let server = await serverOn(db)
    const { email, token } = await register(server)
    const id = await remindedIn(server, token, 'Angebot nachfassen', 3000)
    await server.stop()
    // Down while it comes due; the next process finds it in the database.
    await sleep(3500)
    server = await serverOn(db)
    const fired = await until(() => reminders(server, token), list => list.length > 0)
    expect(fired).toEqual([expect.objectContaining({ recordId: id, kind: 'reminder' })])
    expect((await request(server, 'GET', '/api/v1/notifications/unread-count', token)).body.data).toEqual({ unread: 1 })
    const [mail] = await waitForMails(inject('mailServerUrl'), email)
    expect(mail!.subject).toBe('Erinnerung: Angebot nachfassen')
    expect(mail!.text).toContain('Hallo Rita Runner,')
    expect(mail!.text).toContain(`/activities?open=${id}`)
    expect(mail!.tags).toEqual([{ name: 'template', value: 'notification' }])
    // Several more dispatches later: still one, and one mail.
    await sleep(1500)
    expect(await reminders(server, token)).toHaveLength(1)
    expect(await receivedMails(inject('mailServerUrl'), email)).toHaveLength(1)

    const marked = await request(server, 'POST', '/api/v1/notifications/read', token, { all: true })
    expect(marked.body.data).toEqual({ updated: 1, unread: 0 })
  }, 120_000)

  it.skipIf(!inject('databaseUrl'))('fire once with two server processes on one PostgreSQL', async () => {
    const db = await database()
    const [a, b] = await Promise.all([serverOn(db), serverOn(db)])
    const { email, token } = await register(a)
    const ids = []
    for (let i = 0; i < 20; i++) ids.push(await remindedIn(i % 2 ? a : b, token, `Rückruf ${i}`, 1000))
    const fired = await until(() => reminders(b, token), list => list.length >= 20)
    expect(fired.map(n => n.recordId).sort()).toEqual([...ids].sort())
    await waitForMails(inject('mailServerUrl'), email, 20)
    await sleep(1500)
    expect(await reminders(a, token)).toHaveLength(20)
    expect(await receivedMails(inject('mailServerUrl'), email)).toHaveLength(20)
  }, 120_000)
})

describe('the notification API', () => {
  it('is the signed-in person\'s own: no identity 401, an API key 403, foreign ids change nothing', async () => {
    const server = await serverOn(await database())
    const { token } = await register(server)
    expect((await request(server, 'GET', '/api/v1/notifications')).status).toBe(401)
    const key = await request(server, 'POST', '/api/v1/api-keys', token, { name: 'automation', scope: 'read_write' })
    expect(key.status).toBe(201)
    expect((await request(server, 'GET', '/api/v1/notifications', key.body.data.key)).status).toBe(403)
    const marked = await request(server, 'POST', '/api/v1/notifications/read', token, { ids: ['0190a1b2-0000-7000-8000-000000000001'] })
    expect(marked.status).toBe(404)
    expect(marked.body.error.details).toEqual([{ path: 'ids.0', message: 'no notification of yours has id 0190a1b2-0000-7000-8000-000000000001' }])
    expect((await request(server, 'POST', '/api/v1/notifications/read', token, { ids: [] })).status).toBe(400)

    const prefs = await request(server, 'PUT', '/api/v1/notifications/preferences', token, { defaultReminderMinutes: 15, settings: { reminder: { email: false } } })
    expect(prefs.body.data).toEqual({ defaultReminderMinutes: 15, settings: { reminder: { email: false } } })
    expect((await request(server, 'PUT', '/api/v1/notifications/preferences', token, { settings: { nonsense: { email: true } } })).status).toBe(400)
    expect((await request(server, 'PUT', '/api/v1/notifications/preferences', token, {})).body.data).toEqual({ defaultReminderMinutes: 15, settings: { reminder: { email: false } } })
    const activity = await request(server, 'POST', '/api/v1/activities', token, { type: 'task', subject: 'Default reminder', dueAt: new Date(Date.now() + 3600_000).toISOString() })
    expect(activity.body.data.reminders).toEqual([15])
  }, 120_000)

  it('shows failed background jobs to admins only', async () => {
    const server = await serverOn(await database())
    const { token } = await register(server)
    const health = await request(server, 'GET', '/api/v1/organization/jobs', token)
    expect(health).toEqual({ status: 200, body: { success: true, data: { failedCount: 0, recent: [] } } })
  }, 120_000)
})
