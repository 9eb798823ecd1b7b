import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { make, newTenant } from '../support/crm'
import { report, scaled, SCALE } from './support'

// sqlmap (Debian's package) against every list's filter, sort, paging and search
// parameters on the test server, signed in: no injection may be found. It runs once, in
// the PostgreSQL pass, where the SQL it probes is PostgreSQL's own.

const SQLMAP = '/usr/bin/sqlmap'
const installed = spawnSync(SQLMAP, ['--version'], { encoding: 'utf8' }).status === 0
const skip = !inject('databaseUrl')
  ? 'runs in the PostgreSQL pass (DATABASE_URL set)'
  : !installed && !process.env.CI ? `sqlmap is not installed (apt-get install sqlmap)` : undefined

const work = mkdtempSync(join(tmpdir(), 'pulse-sqlmap-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

function sqlmap(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(SQLMAP, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk))
    child.on('error', reject)
    child.on('exit', () => resolve(output))
  })
}

describe.skipIf(!!skip)('sqlmap', () => {
  it('finds no injection in the list, filter, sort and search parameters', async () => {
    const base = inject('baseUrl')
    const t = await newTenant('sqlmap')
    const company = await make(t.token, '/api/v1/companies', { name: 'Injection Target GmbH', industry: 'Software' })
    const contact = await make(t.token, '/api/v1/contacts', { firstName: 'Bobby', lastName: 'Tables', companyId: company.id, tags: ['vip'] })
    const deal = await make(t.token, '/api/v1/deals', { title: 'Tables deal', value: '50', pipelineId: t.pipeline.id, contactId: contact.id })
    const ids = { company: company.id, contact: contact.id, deal: deal.id, pipeline: t.pipeline.id, stage: t.stage.first.id, user: t.userId }
    const targets = [
      `/api/v1/contacts?q=bob&sort=lastName&companyId=${ids.company}&ownerId=${ids.user}&tag=vip&createdAfter=2020-01-01&page=1&limit=20`,
      `/api/v1/companies?q=inj&sort=-name&industry=Software&country=DE&page=1&limit=20`,
      `/api/v1/deals?q=tab&sort=-value&status=open&pipelineId=${ids.pipeline}&stageId=${ids.stage}&minValue=1&maxValue=100&contactId=${ids.contact}`,
      `/api/v1/activities?q=call&sort=dueAt&type=call&done=false&dealId=${ids.deal}&dueAfter=2020-01-01T00:00:00Z`,
      `/api/v1/audit-logs?entity=contact&entityId=${ids.contact}&action=contact.create&from=2020-01-01T00:00:00Z`,
      `/api/v1/members?q=own&sort=name&role=owner`,
      `/api/v1/companies/${ids.company}/contacts?q=bob&sort=-createdAt&tag=vip`,
    ].map(path => `${base}${path}`)
    writeFileSync(join(work, 'targets.txt'), `${targets.join('\n')}\n`)

    const common = [
      '--batch', '--dbms=PostgreSQL', `--level=${scaled(1, 3)}`, `--risk=${scaled(1, 2)}`, '--time-sec=2',
      '--headers', `Authorization: Bearer ${t.token}`, '--flush-session', '--disable-coloring', '--output-dir', join(work, 'out'),
    ]
    // Search ranks by trigram similarity to the query, so 'q AND 1=1' and 'q AND 1=2' score
    // differently by design: boolean-blind inference reads that as an injection (a false
    // positive). Search is probed with every other technique (error, UNION, stacked, time).
    const searchUrl = `${base}/api/v1/search?q=bobby&limit=10`
    const output = [
      await sqlmap(['-m', join(work, 'targets.txt'), ...common]),
      await sqlmap(['-u', searchUrl, '--technique=EUST', ...common]),
    ].join('\n')
    targets.push(searchUrl)
    const parameters = targets.reduce((n, url) => n + new URL(url).searchParams.size, 0)
    writeFileSync(join(tmpdir(), 'pulse-sqlmap-last.log'), output)
    const found = output.split('\n').filter(line => /appears to be .*injectable|is vulnerable|identified the following injection point|might be injectable/i.test(line)
      && !/does not (seem|appear)/i.test(line) && !/might not be injectable/i.test(line))
    expect(found, output.slice(-3000)).toEqual([])
    // Proof it ran: every parameter of every target was tried and judged.
    const judged = output.split('\n').filter(line => /parameter '.+' does not seem to be injectable/i.test(line)).length
    expect(judged, output.slice(-3000)).toBeGreaterThanOrEqual(parameters)
    const requests = (output.match(/\d+ \(Bad Request\) - (\d+) times/g) ?? []).reduce((n, m) => n + Number(m.split(' - ')[1]!.split(' ')[0]), 0)
    report('sqlmap against list, filter, sort and search parameters', { scale: SCALE, targets: targets.length, parameters, parametersJudgedNotInjectable: judged, answeredBadRequest: requests },
      'no parameter found injectable')
  }, 900_000)
})
