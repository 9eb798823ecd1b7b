import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { localTime, timeZoneNames } from '../../shared/time-zones'
import { createPrivateDatabase } from '../support/database'
import { RESEND_TEST_KEY, receivedMails, waitForMails } from '../support/mail-server'
import { startServer, type TestServer } from '../support/server'

// The morning digest from the durable job runner of the built server: once per person and
// day across a restart and across two processes on one PostgreSQL, through the real Resend
// SDK (pointed at mail-server.ts). The person lives in a zone where it is a weekday morning now.
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))
const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

/** A zone where it is now a weekday between 07:00 and 10:59, so the digest is due for the next hour at least. */
const morningZone = timeZoneNames().find((zone) => {
  const local = localTime(new Date(), zone)
  return local.weekday <= 5 && local.hour >= 7 && local.hour < 11
})

async function database(): Promise<Record<string, string>> {
  const pg = await createPrivateDatabase()
  cleanups.push(pg.drop)
  if (pg.url) return { DATABASE_URL: pg.url }
  const dir = mkdtempSync(join(tmpdir(), 'pulse-digest-'))
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
  return { PGLITE_DIR: join(dir, 'pglite') }
}

/** A server on `db`; `digestMs` '0' keeps the digest off while a test sets up its data. */
async function serverOn(db: Record<string, string>, digestMs: string): Promise<TestServer> {
  const server = await startServer({
    ...db, PULSE_SEED_DEMO: 'never', PULSE_DIGEST_INTERVAL_MS: digestMs, APP_URL: 'https://crm.example.test',
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

/** Someone in the morning zone with an overdue call, set up while the digest is off. */
async function personWithOverdueCall(db: Record<string, string>): Promise<{ email: string, activityId: string }> {
  const server = await serverOn(db, '0')
  const email = `digest-${randomBytes(5).toString('hex')}@example.test`
  const registered = await request(server, 'POST', '/api/v1/auth/register', undefined, { organizationName: 'Frühstück GmbH', name: 'Mia Morgen', email, password: 'a sturdy passphrase 42' })
  expect(registered.status).toBe(201)
  const token = registered.body.data.accessToken as string
  expect((await request(server, 'PUT', '/api/v1/auth/me', token, { timeZone: morningZone, locale: 'en' })).status).toBe(200)
  const activity = await request(server, 'POST', '/api/v1/activities', token, { type: 'call', subject: 'Call back Herr Sommer', dueAt: new Date(Date.now() - 2 * 86_400_000).toISOString(), reminders: [] })
  expect(activity.status).toBe(201)
  await server.stop()
  return { email, activityId: activity.body.data.id as string }
}

describe.skipIf(!morningZone)('the morning digest from the durable job runner', () => {
  it('goes out once, and not again after a restart', async () => {
    const db = await database()
    const { email, activityId } = await personWithOverdueCall(db)
    const first = await serverOn(db, '1000')
    const [mail] = await waitForMails(inject('mailServerUrl'), email, 1, 30_000)
    expect(mail!.subject).toMatch(/^Your day on /)
    expect(mail!.text).toContain('Overdue (1)\n- Call back Herr Sommer')
    expect(mail!.text).toContain(`https://crm.example.test/activities?open=${activityId}`)
    expect(mail!.tags).toEqual([{ name: 'template', value: 'digest' }])
    await sleep(2500)
    await first.stop()
    // The next process finds the day taken in the database.
    await serverOn(db, '1000')
    await sleep(4000)
    expect(await receivedMails(inject('mailServerUrl'), email)).toHaveLength(1)
  }, 120_000)

  it.skipIf(!inject('databaseUrl'))('goes out once with two server processes on one PostgreSQL', async () => {
    const db = await database()
    const { email } = await personWithOverdueCall(db)
    await Promise.all([serverOn(db, '1000'), serverOn(db, '1000')])
    await waitForMails(inject('mailServerUrl'), email, 1, 30_000)
    await sleep(4000)
    expect(await receivedMails(inject('mailServerUrl'), email)).toHaveLength(1)
  }, 120_000)
})
