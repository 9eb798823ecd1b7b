// Duplicate detection at volume: the check on create (POST /api/v1/contacts, which looks the new
// contact's email, phone and name up before it saves) in a tenant of 100,000 contacts against one
// of 1,000, and the background scan's throughput — the first full scan of both tenants, then the
// incremental rescan of queued records — on the production build and a fresh PostgreSQL database.
// By hand (needs `npm run build` and a role that may create databases):
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/duplicates.ts [--big 100000] [--small 1000] [--creates 300]
// A fresh database is created for the run and dropped afterwards.
import { parseArgs } from 'node:util'
import postgres from 'postgres'
import { startServer, type TestServer } from '../tests/support/server'
import { json } from './http'
import { percentile } from './stats'

const { values } = parseArgs({ options: { big: { type: 'string', default: '100000' }, small: { type: 'string', default: '1000' }, creates: { type: 'string', default: '300' }, rescan: { type: 'string', default: '10000' } } })
const BIG = Number(values.big)
const SMALL = Number(values.small)
const CREATES = Number(values.creates)
const RESCAN = Math.min(Number(values.rescan), BIG)
const admin = process.env.DATABASE_URL
if (!admin) throw new Error('Set DATABASE_URL to a PostgreSQL role that may create databases')

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))
const SERVER_ENV = { PULSE_SEED_DEMO: 'never', RATE_LIMIT_ANONYMOUS: '100000', RATE_LIMIT_AUTHENTICATED: '1000000', RATE_LIMIT_AUTH: '10000' }

const database = `pulse_bench_duplicates_${Date.now()}`
const root = postgres(admin, { max: 1, onnotice: () => {} })
await root.unsafe(`create database ${database}`)
const url = new URL(admin)
url.pathname = `/${database}`
let server: TestServer | undefined
const sql = postgres(url.toString(), { max: 2, onnotice: () => {} })

/**
 * `count` contacts in one statement, keys written as the app writes them (shared/duplicate-keys.ts
 * for these plain ASCII values): German-looking names from 40 × 40 × count/1600 combinations, a
 * unique email and phone each, and every 50th sharing the email of the one before it, so the
 * scan has pairs to find.
 */
async function fill(orgId: string, ownerId: string, count: number) {
  await sql`
    with n as (select i from generate_series(1, ${count}::int) as i),
    v as (
      select i,
        (array['Anna','Ben','Clara','David','Emma','Felix','Greta','Hans','Ida','Jonas','Karla','Lukas','Mia','Noah','Olga','Paul','Quirin','Rosa','Sven','Tina','Uwe','Vera','Willi','Xenia','Yannick','Zoe','Arne','Berta','Carl','Dora','Emil','Frieda','Gustav','Hanna','Ingo','Jana','Kurt','Lena','Max','Nina'])[1 + i % 40] as first_name,
        (array['Schmidt','Meyer','Weber','Wagner','Becker','Hoffmann','Schulz','Koch','Richter','Klein','Wolf','Neumann','Schwarz','Braun','Hofmann','Zimmermann','Hartmann','Lange','Werner','Krause','Lehmann','Koehler','Maier','Herrmann','Walter','Peters','Kaiser','Fuchs','Scholz','Jung','Moeller','Keller','Frank','Berger','Winkler','Roth','Beck','Lorenz','Baumann','Albrecht'])[1 + (i / 40) % 40] || (i / 1600)::text as last_name,
        'person' || (case when i % 50 = 0 then i - 1 else i end) || '@bench' || substr(${orgId}::text, 1, 8) || '.example' as email,
        '+4930' || lpad(i::text, 8, '0') as phone
      from n
    )
    insert into contacts (org_id, id, first_name, last_name, email, phone, owner_id, email_key, phone_key, name_key)
    select ${orgId}::uuid, gen_random_uuid(), first_name, last_name, email, phone, ${ownerId}::uuid, email, phone,
      least(lower(first_name), lower(last_name)) || '|' || greatest(lower(first_name), lower(last_name))
    from v`
}

async function register(label: string) {
  const owner = await json(server!, 'POST', '/api/v1/auth/register', undefined, {
    organizationName: `Bench Dupes ${label} GmbH`, name: `Owner ${label}`, email: `bench-dupes-${label}-${Date.now()}@example.test`, password: 'a sturdy passphrase 42',
  })
  return { token: owner.accessToken as string, orgId: (owner.organization as { id: string }).id, userId: (owner.user as { id: string }).id }
}

/** p50/p95 ms of `n` sequential creates (new people: the check runs its three index probes and finds nothing). */
let phones = 0
async function creates(token: string, label: string, n: number) {
  const times: number[] = []
  for (let i = 0; i < n + 30; i++) {
    const started = performance.now()
    await json(server!, 'POST', '/api/v1/contacts', token, { firstName: `Neu${i}`, lastName: `Bench${label}${i}`, email: `neu.${label}.${i}@bench.example`, phone: `+49 40 ${String(7_000_000 + phones++)}` })
    // The first 30 warm the server up.
    if (i >= 30) times.push(performance.now() - started)
  }
  const sorted = times.sort((a, b) => a - b)
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) }
}

/** Polls until `done` answers true; returns the seconds it took. */
async function until(done: () => Promise<boolean>, limitMs = 30 * 60_000): Promise<number> {
  const started = performance.now()
  while (!(await done())) {
    if (performance.now() - started > limitMs) throw new Error('timed out')
    await sleep(200)
  }
  return (performance.now() - started) / 1000
}

try {
  // The scan is off while the data goes in and the creates are measured, so neither disturbs the other.
  server = await startServer({ DATABASE_URL: url.toString(), ...SERVER_ENV, PULSE_DUPLICATE_SCAN_INTERVAL_MS: '0' })
  const big = await register('big')
  const small = await register('small')
  const fillStart = performance.now()
  await fill(big.orgId, big.userId, BIG)
  await fill(small.orgId, small.userId, SMALL)
  await sql`analyze contacts`
  const fillSeconds = (performance.now() - fillStart) / 1000

  // Alternating rounds, so a change in the machine's load hits both tenants alike.
  const rounds = 3
  const bigTimes: { p50: number, p95: number }[] = []
  const smallTimes: { p50: number, p95: number }[] = []
  for (let round = 0; round < rounds; round++) {
    smallTimes.push(await creates(small.token, `s${round}`, Math.ceil(CREATES / rounds)))
    bigTimes.push(await creates(big.token, `b${round}`, Math.ceil(CREATES / rounds)))
  }
  const median = (list: number[]) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]!
  const createBig = { p50: median(bigTimes.map(t => t.p50)), p95: median(bigTimes.map(t => t.p95)) }
  const createSmall = { p50: median(smallTimes.map(t => t.p50)), p95: median(smallTimes.map(t => t.p95)) }
  await server.stop()

  // The first full scan of both organizations, as the job runner does it (every 200 ms here).
  await sql`delete from duplicate_scan_queue`
  const total = (await sql<{ n: number }[]>`select count(*)::int as n from contacts`)[0]!.n
  const companiesTotal = (await sql<{ n: number }[]>`select count(*)::int as n from companies`)[0]!.n
  server = await startServer({ DATABASE_URL: url.toString(), ...SERVER_ENV, PULSE_DUPLICATE_SCAN_INTERVAL_MS: '200' })
  const fullSeconds = await until(async () => {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from duplicate_scans where completed_at is not null`
    return (row?.n ?? 0) >= 4
  })
  const pairs = (await sql<{ n: number }[]>`select count(*)::int as n from duplicate_pairs where kind = 'contact'`)[0]!.n

  // The incremental rescan: RESCAN records of the big tenant queued at once, as writes queue them.
  await sql`insert into duplicate_scan_queue (org_id, kind, record_id)
    select org_id, 'contact', id from contacts where org_id = ${big.orgId} order by id limit ${RESCAN} on conflict do nothing`
  const rescanSeconds = await until(async () => {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from duplicate_scan_queue`
    return (row?.n ?? 0) === 0
  })

  console.log(JSON.stringify({
    contacts: { big: BIG, small: SMALL, filledInSeconds: Number(fillSeconds.toFixed(1)) },
    createWithDuplicateCheck: {
      bigTenantMs: createBig, smallTenantMs: createSmall,
      p50Ratio: Number((createBig.p50 / createSmall.p50).toFixed(2)), target: '≤ 1.5',
    },
    fullScan: {
      records: total + companiesTotal, seconds: Number(fullSeconds.toFixed(1)),
      recordsPerSecond: Math.round((total + companiesTotal) / fullSeconds), contactPairsFound: pairs,
    },
    incrementalRescan: { records: RESCAN, seconds: Number(rescanSeconds.toFixed(1)), recordsPerSecond: Math.round(RESCAN / rescanSeconds) },
  }, null, 2))
}
finally {
  await server?.stop()
  await sql.end()
  await root.unsafe(`drop database if exists ${database} with (force)`)
  await root.end()
}
