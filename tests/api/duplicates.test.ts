import { beforeAll, describe, expect, it } from 'vitest'
import { make, newTenant, unique, UNKNOWN_ID, type Tenant } from '../support/crm'
import { call } from '../support/http'
import { ResponseChecker, type OpenApiDocument } from '../support/openapi'

// Likely duplicates on the way in: a create or an update that looks like a record the
// organization has answers 409 DUPLICATE with the candidates, unless allowDuplicate=true.

let acme: Tenant
let other: Tenant
let checker: ResponseChecker

beforeAll(async () => {
  [acme, other] = await Promise.all([newTenant('dupes'), newTenant('dupes-other')])
  checker = new ResponseChecker((await call('GET', '/api/v1/openapi.json')).body as OpenApiDocument)
})

interface Candidate { id: string, name: string, detail: string | null, matched: string[], score: number }
const candidatesOf = (res: { body: { error: { details: { candidates: Candidate[] } } } }) => res.body.error.details.candidates

describe('contacts', () => {
  it('refuses a contact with the same email, phone or name, and names the existing one', async () => {
    const tag = unique()
    const existing = await make(acme.token, '/api/v1/contacts', { firstName: 'Jürgen', lastName: `Müller${tag}`, email: `juergen.${tag}@example.de`, phone: '0171 2345678' })

    const sameEmail = await call('POST', '/api/v1/contacts', { token: acme.token, body: { firstName: 'J.', lastName: 'Someone', email: ` JUERGEN.${tag.toUpperCase()}@Example.DE ` } })
    expect(sameEmail.status).toBe(409)
    expect(sameEmail.body.error.code).toBe('DUPLICATE')
    checker.assert(sameEmail, 'post', '/api/v1/contacts')
    expect(candidatesOf(sameEmail)).toEqual([{ id: existing.id, name: `Jürgen Müller${tag}`, detail: `juergen.${tag}@example.de`, matched: ['email'], score: 0.95 }])

    const samePhone = await call('POST', '/api/v1/contacts', { token: acme.token, body: { firstName: 'Other', lastName: 'Person', phone: '+49 (171) 234-5678' } })
    expect(samePhone.status).toBe(409)
    expect(candidatesOf(samePhone)).toEqual([expect.objectContaining({ id: existing.id, matched: ['phone'] })])

    // Umlauts spelled out and first and last name the other way round.
    const sameName = await call('POST', '/api/v1/contacts', { token: acme.token, body: { firstName: `MUELLER${tag}`, lastName: 'Juergen' } })
    expect(sameName.status).toBe(409)
    expect(candidatesOf(sameName)).toEqual([expect.objectContaining({ id: existing.id, matched: ['name'] })])

    const all = await call('POST', '/api/v1/contacts', { token: acme.token, body: { firstName: 'Jürgen', lastName: `Müller${tag}`, email: `juergen.${tag}@example.de`, phone: '+491712345678' } })
    expect(candidatesOf(all)).toEqual([expect.objectContaining({ id: existing.id, matched: ['email', 'phone', 'name'] })])
    expect(candidatesOf(all)[0]!.score).toBeGreaterThan(0.99)

    // Nothing was created by the refusals.
    const list = await call('GET', `/api/v1/contacts?q=${tag}`, { token: acme.token })
    expect(list.body.data.map((c: { id: string }) => c.id)).toEqual([existing.id])
  })

  it('does not take a shared first name or a name prefix for a duplicate', async () => {
    const tag = unique()
    await make(acme.token, '/api/v1/contacts', { firstName: `Load${tag}`, lastName: 'N1' })
    for (const lastName of ['N12', 'N2', 'N']) {
      await make(acme.token, '/api/v1/contacts', { firstName: `Load${tag}`, lastName })
    }
    await make(acme.token, '/api/v1/contacts', { firstName: `Load${tag}1`, lastName: 'N' })
  })

  it('saves anyway with allowDuplicate=true, and then lists each as the other\'s duplicate', async () => {
    const tag = unique()
    const company = await make(acme.token, '/api/v1/companies', { name: `Firma ${tag} GmbH` })
    const first = await make(acme.token, '/api/v1/contacts', { firstName: 'Anna', lastName: `Groß${tag}`, companyId: company.id })
    const refused = await call('POST', '/api/v1/contacts', { token: acme.token, body: { firstName: 'Anna', lastName: `Gross${tag}`, companyId: company.id } })
    expect(refused.status).toBe(409)
    // The same name at the same company weighs more than a name alone.
    expect(candidatesOf(refused)[0]!.score).toBe(0.9)
    const second = await call('POST', '/api/v1/contacts?allowDuplicate=true', { token: acme.token, body: { firstName: 'Anna', lastName: `Gross${tag}`, companyId: company.id } })
    expect(second.status).toBe(201)
    const explicitNo = await call('POST', '/api/v1/contacts?allowDuplicate=false', { token: acme.token, body: { firstName: 'Anna', lastName: `Gross${tag}` } })
    expect(explicitNo.status).toBe(409)
    expect(candidatesOf(explicitNo).map(c => c.id).sort()).toEqual([first.id, second.body.data.id].sort())
    expect(candidatesOf(explicitNo).every(c => c.score === 0.6 && c.detail === company.name)).toBe(true)
    expect((await call('POST', '/api/v1/contacts?allowDuplicate=yes', { token: acme.token, body: { firstName: 'X', lastName: tag } })).status).toBe(400)

    const ofFirst = await call('GET', `/api/v1/contacts/${first.id}/duplicates`, { token: acme.token })
    expect(ofFirst.status).toBe(200)
    checker.assert(ofFirst, 'get', '/api/v1/contacts/{id}/duplicates')
    expect(ofFirst.body.data).toEqual([expect.objectContaining({ id: second.body.data.id, matched: ['name'], score: 0.9 })])
    const alone = await make(acme.token, '/api/v1/contacts', { firstName: 'Solo', lastName: tag })
    expect((await call('GET', `/api/v1/contacts/${alone.id}/duplicates`, { token: acme.token })).body.data).toEqual([])
  })

  it('checks an update only for what it changes', async () => {
    const tag = unique()
    const a = await make(acme.token, '/api/v1/contacts', { firstName: 'Eva', lastName: `Alpha${tag}`, email: `eva.${tag}@example.test` })
    const b = await make(acme.token, '/api/v1/contacts', { firstName: 'Eva', lastName: `Beta${tag}` })
    const clash = await call('PUT', `/api/v1/contacts/${b.id}`, { token: acme.token, body: { email: `EVA.${tag}@example.test` } })
    expect(clash.status).toBe(409)
    expect(clash.body.error.code).toBe('DUPLICATE')
    checker.assert(clash, 'put', '/api/v1/contacts/{id}')
    expect(candidatesOf(clash)).toEqual([expect.objectContaining({ id: a.id, matched: ['email'] })])
    expect((await call('GET', `/api/v1/contacts/${b.id}`, { token: acme.token })).body.data.email).toBeNull()

    const forced = await call('PUT', `/api/v1/contacts/${b.id}?allowDuplicate=true`, { token: acme.token, body: { email: `eva.${tag}@example.test` } })
    expect(forced.status).toBe(200)
    // A match it already has does not block other changes, nor a save of the contact as it is.
    expect((await call('PUT', `/api/v1/contacts/${b.id}`, { token: acme.token, body: { position: 'Einkauf' } })).status).toBe(200)
    expect((await call('PUT', `/api/v1/contacts/${b.id}`, { token: acme.token, body: { email: `eva.${tag}@example.test`, firstName: 'Eva' } })).status).toBe(200)
    // Its own values are never its duplicate.
    expect((await call('PUT', `/api/v1/contacts/${a.id}`, { token: acme.token, body: { lastName: `ALPHA${tag}` } })).status).toBe(200)
  })

  it('replays a create with the same Idempotency-Key instead of refusing it as its own duplicate', async () => {
    const tag = unique()
    const key = `dup-${tag}`
    const body = { firstName: 'Ida', lastName: `Empotent${tag}`, email: `ida.${tag}@example.test` }
    const first = await call('POST', '/api/v1/contacts', { token: acme.token, body, headers: { 'Idempotency-Key': key } })
    expect(first.status).toBe(201)
    const replay = await call('POST', '/api/v1/contacts', { token: acme.token, body, headers: { 'Idempotency-Key': key } })
    expect(replay.status).toBe(201)
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect(replay.body).toEqual(first.body)
    // A new key is a new request: that one is a duplicate.
    const again = await call('POST', '/api/v1/contacts', { token: acme.token, body, headers: { 'Idempotency-Key': `${key}-2` } })
    expect(again.status).toBe(409)
    // A refusal stored nothing: the same key may then save anyway.
    const anyway = await call('POST', '/api/v1/contacts?allowDuplicate=true', { token: acme.token, body, headers: { 'Idempotency-Key': `${key}-2` } })
    expect(anyway.status).toBe(201)
    expect(anyway.body.data.id).not.toBe(first.body.data.id)
  })

  it('never offers another organization\'s contact, and answers 404 for its ids', async () => {
    const tag = unique()
    const theirs = await make(other.token, '/api/v1/contacts', { firstName: 'Zoe', lastName: `Same${tag}`, email: `zoe.${tag}@example.test`, phone: '030 1234567' })
    const mine = await call('POST', '/api/v1/contacts', { token: acme.token, body: { firstName: 'Zoe', lastName: `Same${tag}`, email: `zoe.${tag}@example.test`, phone: '030 1234567' } })
    expect(mine.status).toBe(201)
    expect((await call('GET', `/api/v1/contacts/${mine.body.data.id}/duplicates`, { token: acme.token })).body.data).toEqual([])
    expect((await call('GET', `/api/v1/contacts/${theirs.id}/duplicates`, { token: acme.token })).status).toBe(404)
    expect((await call('GET', `/api/v1/contacts/${UNKNOWN_ID}/duplicates`, { token: acme.token })).status).toBe(404)
  })
})

describe('companies', () => {
  it('refuses a company with the same name apart from its legal form, or the same domain', async () => {
    const tag = unique()
    const existing = await make(acme.token, '/api/v1/companies', { name: `Bäckerei ${tag} GmbH & Co. KG`, website: `https://www.baeckerei-${tag}.de/impressum`, address: { city: 'Köln' } })
    const sameName = await call('POST', '/api/v1/companies', { token: acme.token, body: { name: `Baeckerei ${tag.toUpperCase()} AG` } })
    expect(sameName.status).toBe(409)
    expect(sameName.body.error.code).toBe('DUPLICATE')
    checker.assert(sameName, 'post', '/api/v1/companies')
    expect(candidatesOf(sameName)).toEqual([{ id: existing.id, name: existing.name, detail: `baeckerei-${tag}.de`, matched: ['name'], score: 0.8 }])

    const sameDomain = await call('POST', '/api/v1/companies', { token: acme.token, body: { name: 'Ganz anders', website: `baeckerei-${tag}.DE` } })
    expect(candidatesOf(sameDomain)).toEqual([expect.objectContaining({ id: existing.id, matched: ['domain'], score: 0.9 })])

    const other = await make(acme.token, '/api/v1/companies', { name: `Bäckerei ${tag} Nord GmbH` })
    const rename = await call('PUT', `/api/v1/companies/${other.id}`, { token: acme.token, body: { name: `Bäckerei ${tag} e.K.` } })
    expect(rename.status).toBe(409)
    checker.assert(rename, 'put', '/api/v1/companies/{id}')
    expect((await call('PUT', `/api/v1/companies/${other.id}?allowDuplicate=true`, { token: acme.token, body: { name: `Bäckerei ${tag} e.K.` } })).status).toBe(200)
    const listed = await call('GET', `/api/v1/companies/${existing.id}/duplicates`, { token: acme.token })
    expect(listed.status).toBe(200)
    checker.assert(listed, 'get', '/api/v1/companies/{id}/duplicates')
    expect(listed.body.data).toEqual([expect.objectContaining({ id: other.id, matched: ['name'] })])
  })

  it('keeps organizations apart', async () => {
    const tag = unique()
    const theirs = await make(other.token, '/api/v1/companies', { name: `Gleich ${tag} GmbH`, website: `gleich-${tag}.de` })
    await make(acme.token, '/api/v1/companies', { name: `Gleich ${tag} GmbH`, website: `gleich-${tag}.de` })
    expect((await call('GET', `/api/v1/companies/${theirs.id}/duplicates`, { token: acme.token })).status).toBe(404)
    expect((await call('GET', `/api/v1/companies/${theirs.id}/duplicates`, { token: other.token })).body.data).toEqual([])
  })
})
