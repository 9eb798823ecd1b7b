import { beforeAll, describe, expect, it } from 'vitest'
import { make, newTenant, unique, UNKNOWN_ID, type Tenant } from '../support/crm'
import { call, login } from '../support/http'
import { importCsv } from '../support/imports'
import { ResponseChecker, type OpenApiDocument } from '../support/openapi'

// The background duplicate scan: writes queue their record in their own transaction, the
// duplicate-scan job (every PULSE_DUPLICATE_SCAN_INTERVAL_MS, 500 ms in the test server)
// recomputes its pairs, and GET /duplicates lists the open ones newest first.

let acme: Tenant
let other: Tenant
let checker: ResponseChecker

beforeAll(async () => {
  [acme, other] = await Promise.all([newTenant('scan'), newTenant('scan-other')])
  checker = new ResponseChecker((await call('GET', '/api/v1/openapi.json')).body as OpenApiDocument)
})

interface Summary { id: string, name: string, email: string | null, phone: string | null, companyName: string | null, website: string | null, city: string | null }
interface Pair { id: string, kind: string, score: number, reasons: string[], foundAt: string, records: [Summary, Summary] }

async function pairsOf(token: string, kind: 'contact' | 'company', limit = 100): Promise<Pair[]> {
  const res = await call('GET', `/api/v1/duplicates?kind=${kind}&limit=${limit}`, { token })
  expect(res.status, res.text).toBe(200)
  checker.assert(res, 'get', '/api/v1/duplicates')
  return res.body.data
}

const ids = (pair: Pair) => pair.records.map(r => r.id).sort()
const pairFor = (pairs: Pair[], a: string, b: string) => pairs.find(p => ids(p).join() === [a, b].sort().join())

/** Waits until the scan has made `check` true (the job runs every 500 ms here). */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (check(value)) return value
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 500)}`)
    await new Promise(r => setTimeout(r, 250))
  }
}

const saveAnyway = (token: string, path: string, body: object) => make(token, `${path}?allowDuplicate=true`, body)

describe('the background scan', () => {
  it('finds contact pairs with score and reasons, newest first, both records summarised', async () => {
    const tag = unique()
    const company = await make(acme.token, '/api/v1/companies', { name: `Scan ${tag} GmbH` })
    const a = await make(acme.token, '/api/v1/contacts', { firstName: 'Jürgen', lastName: `Weiß${tag}`, email: `jw.${tag}@example.de`, companyId: company.id })
    const b = await saveAnyway(acme.token, '/api/v1/contacts', { firstName: `Weiss${tag}`, lastName: 'Juergen', email: `JW.${tag}@Example.de`, phone: '030 1234567' })
    const pairs = await eventually(() => pairsOf(acme.token, 'contact'), list => !!pairFor(list, a.id, b.id))
    const pair = pairFor(pairs, a.id, b.id)!
    expect(pair).toMatchObject({ kind: 'contact', reasons: ['email', 'name'] })
    expect(pair.score).toBeGreaterThan(0.95)
    // Older record first, each with what tells it apart.
    expect(pair.records[0]).toMatchObject({ id: a.id, name: `Jürgen Weiß${tag}`, email: `jw.${tag}@example.de`, companyName: `Scan ${tag} GmbH`, website: null })
    expect(pair.records[1]).toMatchObject({ id: b.id, phone: '030 1234567', companyName: null })

    // A newer pair comes first.
    const c = await make(acme.token, '/api/v1/contacts', { firstName: 'Ola', lastName: `Nordmann${tag}`, phone: '+49 171 555 0000' })
    const d = await saveAnyway(acme.token, '/api/v1/contacts', { firstName: 'Kari', lastName: `Other${tag}`, phone: '0171 5550000' })
    const newer = await eventually(() => pairsOf(acme.token, 'contact'), list => !!pairFor(list, c.id, d.id))
    expect(ids(newer[0]!)).toEqual([c.id, d.id].sort())
    expect(newer[0]).toMatchObject({ reasons: ['phone'], score: 0.8 })
    expect(newer.findIndex(p => p.id === pair.id)).toBeGreaterThan(0)
  })

  it('finds company pairs by domain and by name without legal form', async () => {
    const tag = unique()
    const a = await make(acme.token, '/api/v1/companies', { name: `Müller ${tag} GmbH & Co. KG`, website: `https://www.mueller-${tag}.de/kontakt`, address: { city: 'Köln' } })
    const b = await saveAnyway(acme.token, '/api/v1/companies', { name: `Mueller ${tag} AG`, website: `mueller-${tag}.de` })
    const pairs = await eventually(() => pairsOf(acme.token, 'company'), list => !!pairFor(list, a.id, b.id))
    const pair = pairFor(pairs, a.id, b.id)!
    expect(pair.reasons).toEqual(['domain', 'name'])
    expect(pair.records[0]).toMatchObject({ id: a.id, website: `https://www.mueller-${tag}.de/kontakt`, city: 'Köln', email: null })
  })

  it('keeps the pairs current: an edit that removes the match removes the pair, one that adds a match adds it', async () => {
    const tag = unique()
    const a = await make(acme.token, '/api/v1/contacts', { firstName: 'Eva', lastName: `Edit${tag}`, email: `eva.${tag}@example.de` })
    const b = await saveAnyway(acme.token, '/api/v1/contacts', { firstName: 'Eve', lastName: `Other${tag}`, email: `eva.${tag}@example.de` })
    await eventually(() => pairsOf(acme.token, 'contact'), list => !!pairFor(list, a.id, b.id))

    const changed = await call('PUT', `/api/v1/contacts/${b.id}`, { token: acme.token, body: { email: `eve.${tag}@example.de` } })
    expect(changed.status, changed.text).toBe(200)
    await eventually(() => pairsOf(acme.token, 'contact'), list => !pairFor(list, a.id, b.id))

    const again = await call('PUT', `/api/v1/contacts/${b.id}?allowDuplicate=true`, { token: acme.token, body: { firstName: 'Eva', lastName: `Edit${tag}` } })
    expect(again.status, again.text).toBe(200)
    const pairs = await eventually(() => pairsOf(acme.token, 'contact'), list => !!pairFor(list, a.id, b.id))
    expect(pairFor(pairs, a.id, b.id)!.reasons).toEqual(['name'])
  })

  it('removes the pairs of a deleted record at once and for good', async () => {
    const tag = unique()
    const a = await make(acme.token, '/api/v1/companies', { name: `Delete ${tag} GmbH` })
    const b = await saveAnyway(acme.token, '/api/v1/companies', { name: `Delete ${tag} Ltd` })
    await eventually(() => pairsOf(acme.token, 'company'), list => !!pairFor(list, a.id, b.id))
    expect((await call('DELETE', `/api/v1/companies/${b.id}`, { token: acme.token })).status).toBe(200)
    // Gone from the list at once (the list only shows pairs whose records exist) …
    expect(pairFor(await pairsOf(acme.token, 'company'), a.id, b.id)).toBeUndefined()
    // … and still after the rescan the delete queued, when a third look-alike comes.
    const c = await saveAnyway(acme.token, '/api/v1/companies', { name: `Delete ${tag} AG` })
    const pairs = await eventually(() => pairsOf(acme.token, 'company'), list => !!pairFor(list, a.id, c.id))
    expect(pairs.filter(p => ids(p).includes(b.id))).toEqual([])
  })

  it('remembers a dismissed pair through every rescan, and says so in the audit log', async () => {
    const tag = unique()
    const a = await make(acme.token, '/api/v1/contacts', { firstName: 'Hans', lastName: `Dismiss${tag}`, phone: '+49 89 1111 2222' })
    const b = await saveAnyway(acme.token, '/api/v1/contacts', { firstName: 'Hans', lastName: `Dismiss${tag}` })
    const pair = pairFor(await eventually(() => pairsOf(acme.token, 'contact'), list => !!pairFor(list, a.id, b.id)), a.id, b.id)!

    const dismissed = await call('POST', `/api/v1/duplicates/${pair.id}/dismiss`, { token: acme.token })
    expect(dismissed.status, dismissed.text).toBe(200)
    checker.assert(dismissed, 'post', '/api/v1/duplicates/{pairId}/dismiss')
    expect(dismissed.body.data.id).toBe(pair.id)
    expect(pairFor(await pairsOf(acme.token, 'contact'), a.id, b.id)).toBeUndefined()
    // Twice is the same answer.
    const twice = await call('POST', `/api/v1/duplicates/${pair.id}/dismiss`, { token: acme.token })
    expect(twice.body.data.dismissedAt).toBe(dismissed.body.data.dismissedAt)

    // An edit that makes them match even more rescans both; the pair stays dismissed.
    expect((await call('PUT', `/api/v1/contacts/${b.id}?allowDuplicate=true`, { token: acme.token, body: { phone: '089 11112222' } })).status).toBe(200)
    // A marker pair queued after the edit: once it is listed, the edit's rescan has run too.
    const m1 = await make(acme.token, '/api/v1/contacts', { firstName: 'Marker', lastName: `Dismiss${tag}` })
    const m2 = await saveAnyway(acme.token, '/api/v1/contacts', { firstName: 'Marker', lastName: `Dismiss${tag}` })
    const after = await eventually(() => pairsOf(acme.token, 'contact'), list => !!pairFor(list, m1.id, m2.id))
    expect(pairFor(after, a.id, b.id)).toBeUndefined()

    const audit = await call('GET', `/api/v1/audit-logs?limit=20`, { token: acme.token })
    expect(audit.body.data.find((e: { action: string }) => e.action === 'duplicate.dismiss')).toMatchObject({ entityId: pair.records[0].id })
  })

  it('answers 404 for unknown and other organizations\' pairs, and 400 for a bad kind or cursor', async () => {
    const tag = unique()
    const a = await make(other.token, '/api/v1/contacts', { firstName: 'Iso', lastName: `Lated${tag}`, email: `iso.${tag}@example.de` })
    const b = await saveAnyway(other.token, '/api/v1/contacts', { firstName: 'Iso', lastName: `Lated${tag}`, email: `iso.${tag}@example.de` })
    const theirs = pairFor(await eventually(() => pairsOf(other.token, 'contact'), list => !!pairFor(list, a.id, b.id)), a.id, b.id)!
    // Never a pair of another organization, and no way to dismiss one.
    expect((await pairsOf(acme.token, 'contact')).some(p => p.id === theirs.id || ids(p).includes(a.id))).toBe(false)
    for (const id of [theirs.id, UNKNOWN_ID]) {
      const res = await call('POST', `/api/v1/duplicates/${id}/dismiss`, { token: acme.token })
      expect(res.status).toBe(404)
      expect(res.body.error.code).toBe('NOT_FOUND')
    }
    expect(pairFor(await pairsOf(other.token, 'contact'), a.id, b.id)).toBeDefined()

    for (const query of ['', 'kind=deal', 'kind=contact&after=nonsense', 'kind=contact&sort=foundAt']) {
      const res = await call('GET', `/api/v1/duplicates?${query}`, { token: acme.token })
      expect(res.status, query).toBe(400)
      expect(res.body.error.code).toBe('VALIDATION_ERROR')
    }
  })

  it('pages by cursor', async () => {
    const tag = unique()
    for (let i = 0; i < 3; i++) {
      await make(other.token, '/api/v1/companies', { name: `Page${i} ${tag} GmbH` })
      await saveAnyway(other.token, '/api/v1/companies', { name: `Page${i} ${tag} KG` })
    }
    const all = await eventually(() => pairsOf(other.token, 'company'), list => list.filter(p => p.records[0].name.includes(tag)).length === 3)
    const first = await call('GET', '/api/v1/duplicates?kind=company&limit=2', { token: other.token })
    expect(first.body.meta).toMatchObject({ limit: 2, total: all.length })
    const next = await call('GET', `/api/v1/duplicates?kind=company&limit=2&after=${first.body.meta.nextCursor}`, { token: other.token })
    expect(next.status, next.text).toBe(200)
    expect([...first.body.data, ...next.body.data].map((p: Pair) => p.id)).toEqual(all.slice(0, first.body.data.length + next.body.data.length).map(p => p.id))
    // A cursor of one kind is refused for the other.
    const wrong = await call('GET', `/api/v1/duplicates?kind=contact&limit=2&after=${first.body.meta.nextCursor}`, { token: other.token })
    expect(wrong.status).toBe(400)
  })
})

describe('roles', () => {
  it('lets viewers and read-only keys read the pairs but not dismiss them', async () => {
    const tag = unique()
    const owner = await login()
    const a = await make(owner, '/api/v1/contacts', { firstName: 'Viewer', lastName: `Case${tag}`, email: `viewer.${tag}@example.de` })
    const b = await saveAnyway(owner, '/api/v1/contacts', { firstName: 'Viewer', lastName: `Case${tag}` })
    const viewer = await login('sophie.martin@pulse.test')
    const pair = pairFor(await eventually(() => pairsOf(viewer, 'contact'), list => !!pairFor(list, a.id, b.id)), a.id, b.id)!
    const refused = await call('POST', `/api/v1/duplicates/${pair.id}/dismiss`, { token: viewer })
    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('FORBIDDEN')

    const key = await call('POST', '/api/v1/api-keys', { token: owner, body: { name: `scan ${tag}`, scope: 'read' } })
    expect(key.status, key.text).toBe(201)
    expect((await call('POST', `/api/v1/duplicates/${pair.id}/dismiss`, { token: key.body.data.key })).status).toBe(403)
    expect(pairFor(await pairsOf(key.body.data.key, 'contact'), a.id, b.id)).toBeDefined()
  })
})

describe('CSV import with the matcher of the create check', () => {
  const matchesOf = async (token: string, id: string) => {
    const res = await call('GET', `/api/v1/imports/${id}/matches`, { token })
    expect(res.status, res.text).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    return res.text.replace(/^\uFEFF/, '').trim().split('\n').slice(1).map(line => line.split(/[,;]/))
  }

  it('skips, updates or creates the rows that match by email, phone or name, and says which rule matched each', async () => {
    const tag = unique()
    const byEmail = await make(other.token, '/api/v1/contacts', { firstName: 'Erika', lastName: `Mail${tag}`, email: `erika.${tag}@example.de` })
    const byPhone = await make(other.token, '/api/v1/contacts', { firstName: 'Paul', lastName: `Phone${tag}`, phone: '+49 40 999 888' })
    const byName = await make(other.token, '/api/v1/contacts', { firstName: 'Jörg', lastName: `Name${tag}` })
    const csv = [
      'firstName,lastName,email,phone,position',
      `Erika,Other${tag},ERIKA.${tag}@example.de,,Lead`,
      `Paula,Else${tag},,040 999888,Lead`,
      `Name${tag},Joerg,,,Lead`,
      `Fresh,New${tag},fresh.${tag}@example.de,,Lead`,
      `Bad,Row${tag},not-an-email,,Lead`,
    ].join('\n')

    const skipped = await importCsv(other.token, 'contacts', csv, { duplicateMode: 'skip' })
    expect(skipped).toMatchObject({ status: 'completed', createdCount: 1, skippedCount: 3, rejectedCount: 1 })
    expect(await matchesOf(other.token, skipped.id)).toEqual([
      ['2', 'email', 'skipped', byEmail.id], ['3', 'phone', 'skipped', byPhone.id], ['4', 'name', 'skipped', byName.id],
    ])
    // Every rejected row is still reported.
    expect((await call('GET', `/api/v1/imports/${skipped.id}/errors`, { token: other.token })).text).toContain('6,email: must be an email address')

    const updated = await importCsv(other.token, 'contacts', csv, { duplicateMode: 'update' })
    // Fresh matches the contact the first import created, by email.
    // (it has those values already: nothing to update, so it counts as skipped).
    expect(updated).toMatchObject({ status: 'completed', createdCount: 0, updatedCount: 3, skippedCount: 1, rejectedCount: 1 })
    const report = await matchesOf(other.token, updated.id)
    expect(report.map(r => [r[0], r[1], r[2]])).toEqual([['2', 'email', 'updated'], ['3', 'phone', 'updated'], ['4', 'name', 'updated'], ['5', 'email+name', 'skipped']])
    expect((await call('GET', `/api/v1/contacts/${byPhone.id}`, { token: other.token })).body.data).toMatchObject({ firstName: 'Paula', position: 'Lead' })

    const created = await importCsv(other.token, 'contacts', csv, { duplicateMode: 'create' })
    expect(created).toMatchObject({ status: 'completed', createdCount: 4, updatedCount: 0, skippedCount: 0, rejectedCount: 1 })
    expect((await matchesOf(other.token, created.id)).map(r => [r[0], r[2]])).toEqual([['2', 'created'], ['3', 'created'], ['4', 'created'], ['5', 'created']])

    // What the imports created or changed is scanned too: the created-anyway rows pair with their matches.
    await eventually(() => pairsOf(other.token, 'contact'), list => !!list.find(p => ids(p).includes(byEmail.id) && p.reasons.includes('email')))
  })

  it('matches companies by web domain and by name without legal form, rows of the file among themselves too', async () => {
    const tag = unique()
    const stored = await make(other.token, '/api/v1/companies', { name: `Schäfer ${tag} GmbH`, website: `https://schaefer-${tag}.de` })
    const csv = [
      'name;website;city',
      `Schaefer ${tag} AG;;Berlin`,
      `Ganz anders ${tag};www.schaefer-${tag}.de;Hamburg`,
      `Neu ${tag} KG;;München`,
      `Neu ${tag} GmbH;;Dresden`,
    ].join('\n')
    const done = await importCsv(other.token, 'companies', csv, { duplicateMode: 'skip' })
    expect(done).toMatchObject({ status: 'completed', createdCount: 1, skippedCount: 3 })
    const report = await matchesOf(other.token, done.id)
    expect(report.map(r => r[0])).toEqual(['2', '3', '5'])
    expect(report[0]!.slice(1, 3)).toEqual(['name', 'skipped'])
    expect(report[1]!.slice(1, 3)).toEqual(['domain', 'skipped'])
    expect(report[0]![3]).toBe(stored.id)
    expect(report[1]![3]).toBe(stored.id)
    // Line 5 matches the company line 4 created.
    expect(report[2]!.slice(1, 3)).toEqual(['name', 'skipped'])
    expect(report[2]![3]).not.toBe(stored.id)
  })

  it('answers 404 for another organization\'s import report', async () => {
    const done = await importCsv(other.token, 'companies', `name\nReport ${unique()} GmbH`)
    expect((await call('GET', `/api/v1/imports/${done.id}/matches`, { token: acme.token })).status).toBe(404)
  })
})
