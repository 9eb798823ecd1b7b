import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { CONNECT_TIMEOUT_S } from '../../server/database/client'
import { startServer, type TestServer } from '../support/server'
import { clusterUnavailable, startCluster, type Cluster } from './cluster'
import { report, scaled } from './support'

// Faults on loopback, bounded in time and count: the server killed with SIGKILL during
// writes, PostgreSQL stopped under load, and the connection pool exhausted by slow
// requests. What was acknowledged must survive; what cannot be served must be refused
// quickly with 503; and the server must come back by itself.

const GENEROUS = { RATE_LIMIT_ANONYMOUS: '100000', RATE_LIMIT_AUTHENTICATED: '100000', RATE_LIMIT_AUTH: '10000', PULSE_SEED_DEMO: 'never' }
/** A request that has not answered after this long counts as hung. */
const HANG_MS = 20_000

interface Answer { status: number, body: { data?: Record<string, unknown> & { id?: string }, error?: { code: string, message?: string } } | null, ms: number }

async function req(base: string, method: string, path: string, options: { token?: string, body?: unknown } = {}): Promise<Answer | 'hung'> {
  const headers: Record<string, string> = {}
  if (options.token) headers.authorization = `Bearer ${options.token}`
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  const started = performance.now()
  try {
    const res = await fetch(`${base}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), signal: AbortSignal.timeout(HANG_MS) })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null, ms: performance.now() - started }
  }
  catch (error) {
    if ((error as Error).name === 'TimeoutError') return 'hung'
    throw error
  }
}

/** Like `req`, for set-up steps that must succeed. */
async function must(base: string, method: string, path: string, options: { token?: string, body?: unknown } = {}, status = 200) {
  const res = await req(base, method, path, options)
  if (res === 'hung' || res.status !== status) throw new Error(`${method} ${path}: ${res === 'hung' ? 'hung' : `${res.status} ${JSON.stringify(res.body)}`}`)
  return res.body!.data!
}

async function newOrganization(base: string, label: string) {
  const suffix = Math.random().toString(36).slice(2, 10)
  const data = await must(base, 'POST', '/api/v1/auth/register', {
    body: { organizationName: `${label} ${suffix} GmbH`, name: `Owner ${label}`, email: `${label}-${suffix}@example.test`, password: 'a sturdy passphrase 42' },
  }, 201)
  const token = data.accessToken as string
  const pipelines = await must(base, 'GET', '/api/v1/pipelines', { token }) as unknown as { id: string, stages: { id: string, kind: string }[] }[]
  return { token, pipelineId: pipelines[0]!.id, openStages: pipelines[0]!.stages.filter(s => s.kind === 'open').map(s => s.id) }
}

/** Runs `loop` in `clients` parallel loops until `until()` says stop. */
async function load(clients: number, until: () => boolean, loop: (client: number, n: number) => Promise<void>): Promise<void> {
  await Promise.all(Array.from({ length: clients }, async (_, client) => {
    for (let n = 0; !until(); n++) await loop(client, n)
  }))
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

async function waitUntilReady(base: string, timeoutMs: number): Promise<number> {
  const started = Date.now()
  for (;;) {
    const res = await req(base, 'GET', '/api/ready')
    if (res !== 'hung' && res.status === 200) return Date.now() - started
    if (Date.now() - started > timeoutMs) throw new Error(`not ready again after ${timeoutMs} ms`)
    await sleep(200)
  }
}

const cleanups: (() => Promise<void> | void)[] = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

/**
 * The environment of a server whose data outlives it: the run's PostgreSQL database, or a
 * PGlite directory of the test's own (removed after the file).
 */
function durableEnv(label: string): Record<string, string> {
  const databaseUrl = inject('databaseUrl')
  if (databaseUrl) return { ...GENEROUS, DATABASE_URL: databaseUrl }
  const dir = mkdtempSync(join(tmpdir(), `pulse-${label}-`))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return { ...GENEROUS, PGLITE_DIR: join(dir, 'pglite') }
}

/** The acknowledged contacts that a (restarted) server no longer has. */
async function missingContacts(base: string, token: string, ids: string[]): Promise<string[]> {
  const missing: string[] = []
  for (let i = 0; i < ids.length; i += 50) {
    const batch = ids.slice(i, i + 50)
    const answers = await Promise.all(batch.map(id => req(base, 'GET', `/api/v1/contacts/${id}`, { token })))
    answers.forEach((res, j) => (res === 'hung' || res.status !== 200) && missing.push(batch[j]!))
  }
  return missing
}

describe('SIGKILL during writes', () => {
  it('loses no acknowledged write and leaves no half-applied move', async () => {
    const env = durableEnv('kill')
    let server: TestServer = await startServer(env)
    const org = await newOrganization(server.baseUrl, 'kill')
    const writers = 16
    const deals = await Promise.all(Array.from({ length: writers }, (_, i) =>
      must(server.baseUrl, 'POST', '/api/v1/deals', { token: org.token, body: { title: `Kill deal ${i}`, pipelineId: org.pipelineId } }, 201)))

    const acknowledged: string[] = []
    /** Per writer: the stage of its last acknowledged move, and of a move still in flight when the server died. */
    const moves = deals.map(d => ({ dealId: d.id as string, acked: d.stageId as string, inFlight: undefined as string | undefined }))
    let killed = false
    let inFlightWrites = 0
    const writing = load(writers, () => killed, async (client, n) => {
      if (n % 3 === 2) {
        const stageId = org.openStages[(n / 3 | 0) % org.openStages.length]!
        moves[client]!.inFlight = stageId
        const res = await req(server.baseUrl, 'POST', `/api/v1/deals/${moves[client]!.dealId}/move`, { token: org.token, body: { stageId } }).catch(() => 'gone' as const)
        if (res !== 'gone' && res !== 'hung' && res.status === 200) moves[client]!.acked = stageId
        if (res === 'gone' || res === 'hung') return
        moves[client]!.inFlight = undefined
        return
      }
      inFlightWrites++
      const res = await req(server.baseUrl, 'POST', '/api/v1/contacts', { token: org.token, body: { firstName: `Writer${client}`, lastName: `Write${n}` } }).catch(() => 'gone' as const)
      inFlightWrites--
      if (res !== 'gone' && res !== 'hung' && res.status === 201) acknowledged.push(res.body!.data!.id!)
    })
    await sleep(scaled(2000, 10_000))
    server.kill('SIGKILL')
    await server.exited
    killed = true
    const cutShort = inFlightWrites
    await writing

    server = await startServer(env)
    cleanups.push(() => server.stop())
    const token = org.token
    const missing = await missingContacts(server.baseUrl, token, acknowledged)
    expect(missing, `acknowledged contacts lost by the crash (of ${acknowledged.length})`).toEqual([])
    expect(acknowledged.length).toBeGreaterThan(writers)
    for (const move of moves) {
      const deal = await must(server.baseUrl, 'GET', `/api/v1/deals/${move.dealId}`, { token })
      expect([move.acked, move.inFlight], `deal ${move.dealId} is in a stage nobody moved it to`).toContain(deal.stageId)
      const history = await must(server.baseUrl, 'GET', `/api/v1/deals/${move.dealId}/stage-history`, { token }) as unknown as { stageId: string, leftAt: string | null }[]
      const current = history.filter(h => h.leftAt === null)
      expect(current.map(h => h.stageId), 'stage history and stage disagree: a move was half applied').toEqual([deal.stageId])
    }
    report('SIGKILL during writes', { acknowledgedWrites: acknowledged.length, movesChecked: moves.length, requestsCutShort: cutShort },
      'every acknowledged write present after restart; every deal\'s stage matches its stage history')
  }, 180_000)
})

describe('SIGKILL during a CSV import', () => {
  it('leaves whole batches only, marks the import interrupted, and resumes it to the exact total', async () => {
    const env = durableEnv('import-kill')
    let server: TestServer = await startServer(env)
    const org = await newOrganization(server.baseUrl, 'import-kill')
    const rows = scaled(20_000, 100_000)
    const csv = ['Vorname;Nachname;E-Mail', ...Array.from({ length: rows }, (_, i) => `Kill${i};Import;kill.${i}@import.example`)].join('\n')
    const upload = await fetch(`${server.baseUrl}/api/v1/imports?entity=contacts`, { method: 'POST', headers: { 'authorization': `Bearer ${org.token}`, 'content-type': 'text/csv' }, body: csv })
    expect(upload.status).toBe(201)
    const id = ((await upload.json()) as { data: { id: string } }).data.id
    await must(server.baseUrl, 'POST', `/api/v1/imports/${id}/run`, { token: org.token }, 202)
    // Killed once a few batches are in, while the run goes on.
    let seen = await must(server.baseUrl, 'GET', `/api/v1/imports/${id}`, { token: org.token })
    while ((seen.rowsDone as number) < 500 && seen.status === 'running') {
      await sleep(50)
      seen = await must(server.baseUrl, 'GET', `/api/v1/imports/${id}`, { token: org.token })
    }
    expect(seen.status, 'the import ended before the kill; make it bigger').toBe('running')
    server.kill('SIGKILL')
    await server.exited

    server = await startServer(env)
    cleanups.push(() => server.stop())
    const token = org.token
    // The runner's heartbeat stops; within about 30 s a sweep marks the import interrupted.
    const deadline = Date.now() + 90_000
    let after = await must(server.baseUrl, 'GET', `/api/v1/imports/${id}`, { token })
    while (after.status === 'running' && Date.now() < deadline) {
      await sleep(1000)
      after = await must(server.baseUrl, 'GET', `/api/v1/imports/${id}`, { token })
    }
    expect(after.status).toBe('interrupted')
    const done = after.rowsDone as number
    const contacts = async () => ((await req(server.baseUrl, 'GET', '/api/v1/contacts?limit=1', { token })) as unknown as { body: { meta: { total: number } } }).body.meta.total
    // Every row creates one contact: what is stored is exactly the committed batches.
    expect(done % 500, `progress ${done} is not a batch boundary`).toBe(0)
    expect(done).toBeGreaterThanOrEqual(500)
    expect(await contacts(), 'contacts stored differ from the recorded progress: a half batch').toBe(done)
    expect(after.createdCount).toBe(done)

    await must(server.baseUrl, 'POST', `/api/v1/imports/${id}/resume`, { token }, 202)
    let final = await must(server.baseUrl, 'GET', `/api/v1/imports/${id}`, { token })
    while (final.status === 'running') {
      await sleep(200)
      final = await must(server.baseUrl, 'GET', `/api/v1/imports/${id}`, { token })
    }
    expect(final).toMatchObject({ status: 'completed', rowsDone: rows, createdCount: rows, rejectedCount: 0, skippedCount: 0 })
    expect(await contacts()).toBe(rows)
    report('SIGKILL during a CSV import', { rows, committedBeforeKill: done },
      'after restart the import was interrupted at a batch boundary with exactly that many contacts stored; resume completed to the exact total')
  }, 300_000)
})

describe('SIGTERM under load', () => {
  it('answers what it accepted (no 5xx, nothing hangs), keeps every acknowledged write, and exits 0', async () => {
    const env = durableEnv('term')
    let server: TestServer = await startServer(env)
    const org = await newOrganization(server.baseUrl, 'term')
    const acknowledged: string[] = []
    const outcomes: Record<string, number> = {}
    let terminatedAt = 0
    let answeredWhileDraining = 0
    let stop = false
    const writing = load(32, () => stop, async (client, n) => {
      const res = await req(server.baseUrl, 'POST', '/api/v1/contacts', { token: org.token, body: { firstName: `Term${client}`, lastName: `N${n}` } }).catch(() => 'refused' as const)
      const key = typeof res === 'string' ? res : String(res.status)
      outcomes[key] = (outcomes[key] ?? 0) + 1
      if (typeof res === 'string') {
        stop = stop || terminatedAt > 0
        return
      }
      if (res.status === 201) acknowledged.push(res.body!.data!.id!)
      if (terminatedAt) answeredWhileDraining++
    })
    await sleep(scaled(1500, 10_000))
    terminatedAt = Date.now()
    server.kill('SIGTERM')
    const code = await server.exited
    stop = true
    await writing
    expect(code, server.output().slice(-2000)).toBe(0)
    expect(Object.keys(outcomes).filter(k => k !== '201' && k !== 'refused'), JSON.stringify(outcomes)).toEqual([])
    // 32 writers keep requests in flight: some of them finished after the signal, during the drain.
    expect(answeredWhileDraining, JSON.stringify(outcomes)).toBeGreaterThan(0)

    server = await startServer(env)
    cleanups.push(() => server.stop())
    const missing = await missingContacts(server.baseUrl, org.token, acknowledged)
    expect(missing, `acknowledged before or during the shutdown, lost (of ${acknowledged.length})`).toEqual([])
    report('SIGTERM under load (32 writers)', {
      acknowledgedWrites: acknowledged.length, answeredWhileDraining, refusedConnections: outcomes.refused ?? 0, exitCode: code ?? 'signal',
    }, 'exit code 0; every answer a 201 or a refused connection (no 5xx, none hung); every acknowledged write present after restart')
  }, 180_000)
})

const noCluster = clusterUnavailable()
/** These start a PostgreSQL cluster of their own, so they run once, in the PostgreSQL pass. */
const pgOnly = !inject('databaseUrl') ? 'runs in the PostgreSQL pass (DATABASE_URL set)' : noCluster

describe.skipIf(!!pgOnly)('PostgreSQL faults', () => {
  let cluster: Cluster

  it('PostgreSQL stopped under load: every request answers 503 (none hangs, none 500), and the server recovers by itself', async () => {
    cluster = await startCluster()
    cleanups.push(() => cluster.destroy())
    const server = await startServer({ ...GENEROUS, DATABASE_URL: cluster.url, DATABASE_POOL_WAIT_MS: '2000' })
    cleanups.push(() => server.stop())
    const org = await newOrganization(server.baseUrl, 'outage')
    const contact = await must(server.baseUrl, 'POST', '/api/v1/contacts', { token: org.token, body: { firstName: 'Still', lastName: 'Here' } }, 201)

    type Phase = 'before' | 'down' | 'after'
    let phase: Phase = 'before'
    const seen: Record<Phase, Record<string, number>> = { before: {}, down: {}, after: {} }
    let slowest503 = 0
    const afterRefusals: string[] = []
    let stop = false
    const running = load(16, () => stop, async (client, n) => {
      const started = phase
      const res = n % 2
        ? await req(server.baseUrl, 'POST', '/api/v1/contacts', { token: org.token, body: { firstName: `Load${client}`, lastName: `N${n}` } })
        : await req(server.baseUrl, 'GET', `/api/v1/contacts/${contact.id}`, { token: org.token })
      const key = res === 'hung' ? 'hung' : String(res.status)
      // Before: started and answered before the outage; after: started once ready again; all else overlapped the outage.
      const at: Phase = started === 'before' && phase === 'before' ? 'before' : started === 'after' ? 'after' : 'down'
      seen[at][key] = (seen[at][key] ?? 0) + 1
      if (res !== 'hung' && res.status === 503) slowest503 = Math.max(slowest503, res.ms)
      if (at === 'after' && res !== 'hung' && res.status !== 200 && res.status !== 201) afterRefusals.push(`${res.status} after ${Math.round(res.ms)} ms: ${res.body?.error?.message}`)
      if (res !== 'hung' && res.status === 503) await sleep(50)
    })
    await sleep(1000)
    phase = 'down'
    cluster.stop('immediate')
    await sleep(scaled(3000, 15_000))
    expect((await req(server.baseUrl, 'GET', '/api/ready') as Answer).status).toBe(503)
    cluster.start()
    const recoveredIn = await waitUntilReady(server.baseUrl, 30_000)
    // Connection attempts begun during the outage may still be pending; they end within the connect timeout.
    await sleep(CONNECT_TIMEOUT_S * 1000)
    phase = 'after'
    await sleep(1500)
    stop = true
    await running

    const statuses = (phase: Phase) => Object.keys(seen[phase])
    expect(sum(seen.before), 'no answer before the outage').toBeGreaterThan(0)
    expect(statuses('before').filter(s => !['200', '201'].includes(s)), `answers before the outage: ${JSON.stringify(seen.before)}`).toEqual([])
    expect(statuses('down').filter(s => !['200', '201', '503'].includes(s)), `answers while the database was down: ${JSON.stringify(seen.down)}`).toEqual([])
    expect(seen.down['503'], 'no 503 while the database was down').toBeGreaterThan(0)
    expect(statuses('after').filter(s => !['200', '201'].includes(s)), `answers after recovery: ${JSON.stringify(seen.after)} ${afterRefusals.join('; ')}\n${server.output().split('\n').filter(l => l.includes('service unavailable')).slice(-3).join('\n')}`).toEqual([])
    report('PostgreSQL stopped under load (crash stop, restart)', {
      clients: 16, answersBefore: sum(seen.before), answersWhileDown: sum(seen.down), refused503: seen.down['503'] ?? 0,
      slowest503Ms: Math.round(slowest503), readyAgainMs: recoveredIn, answersAfter: sum(seen.after),
    }, 'no request hung or got a 500 while the database was down (only 503); ready again without a restart; all 2xx afterwards')
  }, 180_000)

  it('pool exhausted by slow requests: the rest wait a bounded time, then 503; the server serves again once they finish', async () => {
    const server = await startServer({ ...GENEROUS, DATABASE_URL: cluster.url, DATABASE_POOL_MAX: '2', DATABASE_POOL_WAIT_MS: '1000' })
    cleanups.push(() => server.stop())
    const org = await newOrganization(server.baseUrl, 'pool')
    const contact = await must(server.baseUrl, 'POST', '/api/v1/contacts', { token: org.token, body: { firstName: 'Locked', lastName: 'Away' } }, 201)
    const admin = postgres(cluster.url, { max: 1, onnotice: () => {} })
    cleanups.push(() => admin.end())
    const requests = 8
    const results: { answer: Answer | 'hung', whileLocked: boolean }[] = []
    let locked = true
    let pending: Promise<unknown>[] = []
    await admin.begin(async (tx) => {
      // Every read of contacts now waits for this transaction: slow requests that keep their connection.
      await tx`lock table contacts in access exclusive mode`
      pending = Array.from({ length: requests }, () => req(server.baseUrl, 'GET', `/api/v1/contacts/${contact.id}`, { token: org.token })
        .then(answer => results.push({ answer, whileLocked: locked })))
      // Two requests hold the two connections; the others must give up on their own while the lock stays.
      const deadline = Date.now() + 10_000
      while (results.length < requests - 2 && Date.now() < deadline) await sleep(50)
      locked = false
    })
    await Promise.all(pending)
    const statusOf = (r: { answer: Answer | 'hung' }) => (r.answer === 'hung' ? 'hung' : r.answer.status)
    const early = results.filter(r => r.whileLocked)
    const late = results.filter(r => !r.whileLocked)
    expect(early.map(statusOf), 'answers while the pool was held').toEqual(Array(requests - 2).fill(503))
    expect(late.map(statusOf), 'the slow requests, once the lock was gone').toEqual([200, 200])
    const again = await req(server.baseUrl, 'GET', `/api/v1/contacts/${contact.id}`, { token: org.token })
    expect(again !== 'hung' && again.status).toBe(200)
    report('connection pool exhausted (pool 2, wait 1 s, a table lock held)', {
      requests, refused503: early.length, servedAfterRelease: late.length, slowest503Ms: Math.round(Math.max(...early.map(r => (r.answer as Answer).ms))),
    }, 'requests beyond the pool were refused with 503 after the bounded wait while the slow ones held it; no request hung; served normally afterwards')
  }, 120_000)
})

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0)
