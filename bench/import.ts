// CSV import throughput against PostgreSQL's own COPY of the same rows, in one run, and
// the server's peak memory while it imports. By hand (needs `npm run build` and a role
// that may create databases):
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/import.ts [--rows 100000]
// A fresh database is created for the run and dropped afterwards.
import { readFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import postgres from 'postgres'
import { v7 as uuidv7 } from 'uuid'
import { startServer, type TestServer } from '../tests/support/server'
import { json } from './http'

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } })
const ROWS = Number(values.rows)
const admin = process.env.DATABASE_URL
if (!admin) throw new Error('Set DATABASE_URL to a PostgreSQL role that may create databases')

const row = (i: number) => [`Vorname${i}`, `Nachname${i % 997}`, `person.${i}@import.example`, `+49 30 ${1000000 + i}`, i % 3 ? 'Einkauf' : 'Geschäftsführung']

/** The file as people send it: German headers, semicolons. Built once, about 8 MB for 100,000 rows. */
function csvOf(rows: number): string {
  const lines = ['Vorname;Nachname;E-Mail;Telefon;Position']
  for (let i = 0; i < rows; i++) lines.push(row(i).join(';'))
  return `${lines.join('\n')}\n`
}

/** Resident memory of a process in MiB, from /proc. */
function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return match ? Number(match[1]) / 1024 : 0
}

async function register(server: TestServer, label: string) {
  const data = await json(server, 'POST', '/api/v1/auth/register', undefined, {
    organizationName: `Bench ${label} GmbH`, name: `Bench ${label}`, email: `bench-${label}-${Date.now()}@example.test`, password: 'a sturdy passphrase 42',
  })
  return { token: data.accessToken as string, orgId: (data.organization as { id: string }).id, userId: (data.user as { id: string }).id }
}

const database = `pulse_bench_import_${Date.now()}`
const root = postgres(admin, { max: 1, onnotice: () => {} })
await root.unsafe(`create database ${database}`)
const url = new URL(admin)
url.pathname = `/${database}`
let server: TestServer | undefined
try {
  server = await startServer({
    DATABASE_URL: url.toString(), PULSE_SEED_DEMO: 'never',
    RATE_LIMIT_ANONYMOUS: '100000', RATE_LIMIT_AUTHENTICATED: '100000', RATE_LIMIT_AUTH: '10000',
  })
  const pid = await serverPid(server)
  const csv = csvOf(ROWS)
  const importer = await register(server, 'import')
  const idle = rssMiB(pid)
  let peak = idle
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 100)

  const started = performance.now()
  const upload = await fetch(`${server.baseUrl}/api/v1/imports?entity=contacts&fileName=bench.csv`, {
    method: 'POST', headers: { 'authorization': `Bearer ${importer.token}`, 'content-type': 'text/csv' }, body: csv,
  })
  const uploaded = (await upload.json()) as { data: { id: string } }
  if (upload.status !== 201) throw new Error(`upload: ${upload.status} ${JSON.stringify(uploaded)}`)
  const uploadSeconds = (performance.now() - started) / 1000
  const runStarted = performance.now()
  await json(server, 'POST', `/api/v1/imports/${uploaded.data.id}/run`, importer.token)
  let view = await json(server, 'GET', `/api/v1/imports/${uploaded.data.id}`, importer.token)
  while (view.status === 'running') {
    await new Promise(resolve => setTimeout(resolve, 200))
    view = await json(server, 'GET', `/api/v1/imports/${uploaded.data.id}`, importer.token)
  }
  const runSeconds = (performance.now() - runStarted) / 1000
  clearInterval(sampler)
  if (view.status !== 'completed' || view.createdCount !== ROWS) throw new Error(`import ended ${view.status} with ${String(view.createdCount)} of ${ROWS}: ${String(view.failure)}`)

  // The same rows into the same table of another organization with COPY: the floor.
  const baseline = await register(server, 'copy')
  const db = postgres(url.toString(), { max: 1, onnotice: () => {} })
  const copyStarted = performance.now()
  const copy = await db`copy contacts (org_id, id, first_name, last_name, email, phone, position, owner_id) from stdin`.writable()
  await pipeline(Readable.from((function* () {
    for (let i = 0; i < ROWS; i++) yield `${[baseline.orgId, uuidv7(), ...row(i), baseline.userId].join('\t')}\n`
  })()), copy)
  const copySeconds = (performance.now() - copyStarted) / 1000
  await db.end()

  const importRate = ROWS / (uploadSeconds + runSeconds)
  const copyRate = ROWS / copySeconds
  console.table([{
    'rows': ROWS,
    'upload s': uploadSeconds.toFixed(2),
    'run s': runSeconds.toFixed(2),
    'import rows/s (upload + run)': Math.round(importRate),
    'COPY s': copySeconds.toFixed(2),
    'COPY rows/s': Math.round(copyRate),
    'import ÷ COPY': (importRate / copyRate).toFixed(3),
    'server RSS idle MiB': Math.round(idle),
    'server RSS peak MiB': Math.round(peak),
  }])
}
finally {
  await server?.stop()
  await root.unsafe(`drop database if exists ${database} with (force)`)
  await root.end()
}

/** The server's process id: the child of this process listening on its port. */
async function serverPid(s: TestServer): Promise<number> {
  const port = new URL(s.baseUrl).port
  const { execSync } = await import('node:child_process')
  const line = execSync(`ss -ltnpH 'sport = :${port}'`, { encoding: 'utf8' })
  const pid = /pid=(\d+)/.exec(line)?.[1]
  if (!pid) throw new Error(`no process listens on port ${port}`)
  return Number(pid)
}
