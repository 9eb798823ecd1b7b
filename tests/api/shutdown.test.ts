import { request as httpRequest, type IncomingMessage } from 'node:http'
import postgres from 'postgres'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { createPrivateDatabase } from '../support/database'
import { DEMO } from '../support/http'
import { startServer, type TestServer } from '../support/server'

// Each test stops a server of its own with a signal while a request is still in flight.
let server: TestServer | undefined
let database: Awaited<ReturnType<typeof createPrivateDatabase>> | undefined

afterEach(async () => {
  await server?.stop()
  await database?.drop()
  server = undefined
  database = undefined
})

// Each test starts a server (a few seconds, more on a busy machine) and waits for its exit.
const TEST_TIMEOUT_MS = 120_000

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

async function signIn(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO) })
  expect(res.status).toBe(200)
  return (await res.json() as { data: { accessToken: string } }).data.accessToken
}

/** Starts a request whose body is sent later (`finish`), as a slow upload from a tablet on a mobile network would be. */
function slowRequest(baseUrl: string, method: string, path: string, token: string) {
  const req = httpRequest(new URL(path, baseUrl), {
    method, headers: { 'authorization': `Bearer ${token}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
  })
  const answer = new Promise<{ status: number, body: string }>((resolve, reject) => {
    req.once('response', (res: IncomingMessage) => {
      let body = ''
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).once('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.once('error', reject)
  })
  return { req, answer }
}

/** True when the server still accepts new connections. */
async function accepting(baseUrl: string): Promise<boolean> {
  try {
    await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) })
    return true
  }
  catch {
    return false
  }
}

async function expectDrainedWhileInFlight(running: TestServer, finish: () => Promise<void>) {
  running.kill('SIGTERM')
  await sleep(300)
  // Stopped accepting, but still serving the request it has.
  expect(await accepting(running.baseUrl)).toBe(false)
  await sleep(700)
  expect(await Promise.race([running.exited.then(() => 'exited'), sleep(50).then(() => 'running')])).toBe('running')
  await finish()
}

describe('graceful shutdown', () => {
  it('on SIGTERM refuses new connections, finishes the request in flight, closes the database and exits 0', async () => {
    database = await createPrivateDatabase()
    server = await startServer({ DATABASE_URL: database.url })
    const token = await signIn(server.baseUrl)
    const { req, answer } = slowRequest(server.baseUrl, 'POST', '/api/v1/contacts', token)
    req.write('{"firstName":"Grace","lastName":')
    await sleep(200)
    await expectDrainedWhileInFlight(server, async () => {
      req.end('"Shutdown"}')
    })
    const res = await answer
    expect(res.status, res.body).toBe(201)
    expect(JSON.parse(res.body).data).toMatchObject({ firstName: 'Grace', lastName: 'Shutdown' })
    expect(await server.exited).toBe(0)
    const output = server.output()
    expect(output).toMatch(/"msg":"shutdown","signal":"SIGTERM"/)
    expect(output).toContain('"msg":"shutdown complete"')
    // The request was answered before the pool closed.
    expect(output.indexOf('"path":"/api/v1/contacts","status":201')).toBeLessThan(output.indexOf('"msg":"shutdown complete"'))
  }, TEST_TIMEOUT_MS)

  it.runIf(inject('databaseUrl'))('waits for a write that is blocked on a PostgreSQL row lock before it closes the pool', async () => {
    database = await createPrivateDatabase()
    server = await startServer({ DATABASE_URL: database.url })
    const token = await signIn(server.baseUrl)
    const created = await fetch(`${server.baseUrl}/api/v1/contacts`, {
      method: 'POST', headers: { 'authorization': `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ firstName: 'Lock', lastName: 'Holder' }),
    })
    const { id } = (await created.json() as { data: { id: string } }).data
    // One connection holds the lock in a transaction, the other looks at the server's.
    const sql = postgres(database.url, { max: 1, onnotice: () => {} })
    const observer = postgres(database.url, { max: 1, onnotice: () => {} })
    let release!: () => void
    const held = new Promise<void>(resolve => (release = resolve))
    let locked!: () => void
    const lockTaken = new Promise<void>(resolve => (locked = resolve))
    const holder = sql.begin(async (tx) => {
      await tx`select id from contacts where id = ${id} for update`
      locked()
      await held
    })
    try {
      await lockTaken
      const { req, answer } = slowRequest(server.baseUrl, 'PUT', `/api/v1/contacts/${id}`, token)
      req.end('{"lastName":"Released"}')
      await sleep(300)
      // The update waits for the row lock, inside its transaction on a pooled connection.
      const waiting = await observer`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`
      expect(waiting[0]!.n).toBe(1)
      await expectDrainedWhileInFlight(server, async () => {
        release()
        await holder
      })
      const res = await answer
      expect(res.status, res.body).toBe(200)
      expect(JSON.parse(res.body).data).toMatchObject({ id, lastName: 'Released' })
      expect(await server.exited).toBe(0)
      // The pool was closed: no connection of the server's is left.
      const left = await observer`select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'pulse'`
      expect(left[0]!.n).toBe(0)
    }
    finally {
      release()
      await holder.catch(() => {})
      await sql.end()
      await observer.end()
    }
  }, TEST_TIMEOUT_MS)
})
