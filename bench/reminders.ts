// Reminders at volume: N reminders due in the same minute, created through the API, and the
// time from their due moment until every one is a notification in the app; against the bare
// job runner's throughput (pg-boss with a no-op handler) on the same database, in one run.
// By hand (needs `npm run build` and a role that may create databases):
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/reminders.ts [--reminders 10000]
// A fresh database is created for the run and dropped afterwards.
import { parseArgs } from 'node:util'
import { PgBoss } from 'pg-boss'
import postgres from 'postgres'
import { DELIVERY_WORK } from '../server/utils/jobs'
import { startServer, type TestServer } from '../tests/support/server'
import { json } from './http'

const { values } = parseArgs({ options: { reminders: { type: 'string', default: '10000' }, concurrency: { type: 'string', default: '16' } } })
const N = Number(values.reminders)
const CONCURRENCY = Number(values.concurrency)
const INTERVAL_MS = 1000
const admin = process.env.DATABASE_URL
if (!admin) throw new Error('Set DATABASE_URL to a PostgreSQL role that may create databases')

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

/** The bare runner: N no-op jobs inserted at once, then worked as the server works its delivery queues. */
async function bareRunner(url: string): Promise<number> {
  const boss = new PgBoss({ connectionString: url, schema: 'bench_boss', max: 3 })
  boss.on('error', () => {})
  await boss.start()
  await boss.createQueue('noop')
  let done = 0
  const finished = new Promise<void>((resolve) => {
    void boss.work('noop', { pollingIntervalSeconds: 1, ...DELIVERY_WORK }, async (jobs) => {
      done += jobs.length
      if (done >= N) resolve()
      return jobs.map(job => ({ id: job.id, status: 'completed' as const }))
    })
  })
  const started = performance.now()
  for (let i = 0; i < N; i += 1000) await boss.insert('noop', Array.from({ length: Math.min(1000, N - i) }, (_, k) => ({ data: { i: i + k } })))
  await finished
  const seconds = (performance.now() - started) / 1000
  await boss.stop({ graceful: false })
  return N / seconds
}

const database = `pulse_bench_reminders_${Date.now()}`
const root = postgres(admin, { max: 1, onnotice: () => {} })
await root.unsafe(`create database ${database}`)
const url = new URL(admin)
url.pathname = `/${database}`
let server: TestServer | undefined
const sql = postgres(url.toString(), { max: 2, onnotice: () => {} })
try {
  server = await startServer({
    DATABASE_URL: url.toString(), PULSE_SEED_DEMO: 'never', PULSE_NOTIFY_INTERVAL_MS: String(INTERVAL_MS),
    RATE_LIMIT_ANONYMOUS: '100000', RATE_LIMIT_AUTHENTICATED: '1000000', RATE_LIMIT_AUTH: '10000',
  })
  const owner = await json(server, 'POST', '/api/v1/auth/register', undefined, {
    organizationName: 'Bench Reminders GmbH', name: 'Bench Owner', email: `bench-reminders-${Date.now()}@example.test`, password: 'a sturdy passphrase 42',
  })
  const token = owner.accessToken as string

  // Every reminder comes due at the same moment, far enough ahead for the creation to finish.
  const createStart = performance.now()
  const estimate = Math.max(30_000, N * 15)
  const due = new Date(Math.ceil((Date.now() + estimate) / 60_000) * 60_000)
  let next = 0
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < N) {
      const i = next++
      await json(server!, 'POST', '/api/v1/activities', token, { type: 'call', subject: `Rückruf ${i}`, dueAt: new Date(due.getTime() + 60_000).toISOString(), reminders: [1] })
    }
  }))
  const createSeconds = (performance.now() - createStart) / 1000
  if (Date.now() > due.getTime()) throw new Error('Creating the reminders took longer than the lead time; run with fewer reminders')

  await sleep(due.getTime() - Date.now())
  let first = 0
  let last = 0
  for (;;) {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from notifications where kind = 'reminder'`
    const n = row?.n ?? 0
    const now = Date.now()
    if (n > 0 && !first) first = now
    if (n >= N) {
      last = now
      break
    }
    if (now - due.getTime() > 10 * 60_000) throw new Error(`Only ${n} of ${N} reminders fired within 10 minutes`)
    await sleep(100)
  }
  await server.stop()
  server = undefined

  const bare = await bareRunner(url.toString())
  const deliverySeconds = (last - due.getTime()) / 1000
  const throughput = N / Math.max((last - first) / 1000, 0.001)
  console.log(JSON.stringify({
    reminders: N,
    createdPerSecond: Math.round(N / createSeconds),
    firstInAppAfterDueSeconds: (first - due.getTime()) / 1000,
    allInAppAfterDueSeconds: deliverySeconds,
    dispatchIntervalSeconds: INTERVAL_MS / 1000,
    remindersPerSecond: Math.round(throughput),
    bareRunnerJobsPerSecond: Math.round(bare),
    ratioToBareRunner: Number((throughput / bare).toFixed(2)),
  }, null, 2))
}
finally {
  await server?.stop()
  await sql.end()
  await root.unsafe(`drop database if exists ${database} with (force)`)
  await root.end()
}
