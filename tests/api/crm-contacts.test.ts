import { beforeAll, describe, expect, it } from 'vitest'
import { historyOf, make, newTenant, unique, UNKNOWN_ID, type Tenant } from '../support/crm'
import { call } from '../support/http'

let acme: Tenant
let other: Tenant

beforeAll(async () => {
  [acme, other] = await Promise.all([newTenant('contacts'), newTenant('contacts-other')])
})

describe('contacts: create, read, update, delete', () => {
  it('creates a contact owned by the caller and reads it back with its company', async () => {
    const company = await make(acme.token, '/api/v1/companies', { name: `Brunnen ${unique()} AG` })
    const created = await call('POST', '/api/v1/contacts', {
      token: acme.token,
      body: { firstName: ' Jürgen ', lastName: 'Weiß', email: ' J.Weiss@Example.DE ', companyId: company.id, tags: ['VIP', 'VIP', 'Messe'] },
    })
    expect(created.status).toBe(201)
    const contact = created.body.data
    expect(contact).toMatchObject({
      firstName: 'Jürgen', lastName: 'Weiß', email: 'j.weiss@example.de', phone: null, position: null,
      companyId: company.id, ownerId: acme.userId, tags: ['VIP', 'Messe'],
      company: { id: company.id, name: company.name }, owner: { id: acme.userId },
    })
    expect(contact.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(Date.parse(contact.createdAt)).not.toBeNaN()

    const read = await call('GET', `/api/v1/contacts/${contact.id}`, { token: acme.token })
    expect(read.status).toBe(200)
    expect(read.body.data).toEqual(contact)
  })

  it('changes only the fields sent, and records each change with old and new value', async () => {
    const contact = await make(acme.token, '/api/v1/contacts', { firstName: 'Erika', lastName: 'Mustermann', phone: '+49 30 1234', tags: ['a'] })
    const res = await call('PUT', `/api/v1/contacts/${contact.id}`, { token: acme.token, body: { position: 'Einkauf', phone: '' } })
    expect(res.status).toBe(200)
    expect(res.body.data).toMatchObject({ firstName: 'Erika', lastName: 'Mustermann', position: 'Einkauf', phone: null, tags: ['a'] })
    expect(Date.parse(res.body.data.updatedAt)).toBeGreaterThanOrEqual(Date.parse(contact.updatedAt))

    const [update, create] = await historyOf(acme.token, 'contacts', contact.id)
    expect(update).toMatchObject({
      action: 'contact.update', actorId: acme.userId, actorType: 'user', actorName: 'Owner contacts',
      changes: { position: { from: null, to: 'Einkauf' }, phone: { from: '+49 30 1234', to: null } },
    })
    expect(Object.keys(update!.changes!).sort()).toEqual(['phone', 'position'])
    expect(create).toMatchObject({ action: 'contact.create', changes: { firstName: { from: null, to: 'Erika' }, tags: { from: null, to: ['a'] } } })

    // Sending what is already stored changes nothing and writes no entry.
    const again = await call('PUT', `/api/v1/contacts/${contact.id}`, { token: acme.token, body: { position: 'Einkauf' } })
    expect(again.status).toBe(200)
    expect(await historyOf(acme.token, 'contacts', contact.id)).toHaveLength(2)
  })

  it('deletes a contact and keeps its deals and activities, unlinked', async () => {
    const contact = await make(acme.token, '/api/v1/contacts', { firstName: 'Gone', lastName: 'Soon' })
    const deal = await make(acme.token, '/api/v1/deals', { title: 'Kept deal', pipelineId: acme.pipeline.id, contactId: contact.id })
    const activity = await make(acme.token, '/api/v1/activities', { type: 'call', subject: 'Kept call', contactId: contact.id })

    const res = await call('DELETE', `/api/v1/contacts/${contact.id}`, { token: acme.token })
    expect(res.status).toBe(200)
    expect(res.body.data).toEqual({ id: contact.id })
    expect((await call('GET', `/api/v1/contacts/${contact.id}`, { token: acme.token })).status).toBe(404)
    expect((await call('GET', `/api/v1/deals/${deal.id}`, { token: acme.token })).body.data).toMatchObject({ contactId: null, contact: null })
    expect((await call('GET', `/api/v1/activities/${activity.id}`, { token: acme.token })).body.data).toMatchObject({ contactId: null })

    const audit = await call('GET', `/api/v1/audit-logs?entity=contact&entityId=${contact.id}`, { token: acme.token })
    expect(audit.body.data[0]).toMatchObject({ action: 'contact.delete', changes: { firstName: { from: 'Gone', to: null } } })
    expect((await call('DELETE', `/api/v1/contacts/${contact.id}`, { token: acme.token })).status).toBe(404)
  })
})

describe('contacts: validation and integrity', () => {
  it('names every invalid field', async () => {
    const res = await call('POST', '/api/v1/contacts', { token: acme.token, body: { firstName: '', email: 'not-an-email', tags: 'vip' } })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('VALIDATION_ERROR')
    const paths = (res.body.error.details as { path: string }[]).map(d => d.path).sort()
    expect(paths).toEqual(['email', 'firstName', 'lastName', 'tags'])
  })

  it('refuses fields a client may not set, and writes nothing', async () => {
    for (const extra of [{ orgId: other.orgId }, { id: UNKNOWN_ID }, { createdAt: '2020-01-01T00:00:00Z' }, { role: 'owner' }]) {
      const res = await call('POST', '/api/v1/contacts', { token: acme.token, body: { firstName: 'Mass', lastName: 'Assignment', ...extra } })
      expect(res.status).toBe(400)
      expect(res.body.error.details).toEqual([{ path: Object.keys(extra)[0], message: 'is not a known field' }])
    }
    const list = await call('GET', '/api/v1/contacts?q=Assignment', { token: acme.token })
    expect(list.body.meta.total).toBe(0)
  })

  it('refuses references to another organization\'s records, naming the field', async () => {
    const foreignCompany = await make(other.token, '/api/v1/companies', { name: 'Foreign AG' })
    const res = await call('POST', '/api/v1/contacts', {
      token: acme.token, body: { firstName: 'Cross', lastName: 'Tenant', companyId: foreignCompany.id, ownerId: other.userId },
    })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('VALIDATION_ERROR')
    expect((res.body.error.details as { path: string }[]).map(d => d.path).sort()).toEqual(['companyId', 'ownerId'])

    const mine = await make(acme.token, '/api/v1/contacts', { firstName: 'Stays', lastName: 'Home' })
    const update = await call('PUT', `/api/v1/contacts/${mine.id}`, { token: acme.token, body: { companyId: foreignCompany.id } })
    expect(update.status).toBe(400)
    expect(update.body.error.details[0].path).toBe('companyId')
    expect((await call('GET', `/api/v1/contacts/${mine.id}`, { token: acme.token })).body.data.companyId).toBeNull()
  })

  it('answers 404 for another organization\'s contact on every verb and nested route', async () => {
    const foreign = await make(other.token, '/api/v1/contacts', { firstName: 'Olga', lastName: 'Other' })
    const answers = await Promise.all([
      call('GET', `/api/v1/contacts/${foreign.id}`, { token: acme.token }),
      call('PUT', `/api/v1/contacts/${foreign.id}`, { token: acme.token, body: { lastName: 'Hacked' } }),
      call('DELETE', `/api/v1/contacts/${foreign.id}`, { token: acme.token }),
      call('GET', `/api/v1/contacts/${foreign.id}/activities`, { token: acme.token }),
      call('GET', `/api/v1/contacts/${foreign.id}/deals`, { token: acme.token }),
      call('GET', `/api/v1/contacts/${foreign.id}/history`, { token: acme.token }),
    ])
    expect(answers.map(a => a.status)).toEqual([404, 404, 404, 404, 404, 404])
    expect(answers.every(a => !a.text.includes('Olga'))).toBe(true)
    expect((await call('GET', `/api/v1/contacts/${foreign.id}`, { token: other.token })).body.data.lastName).toBe('Other')
  })

  it('answers 400 for a malformed id', async () => {
    const res = await call('GET', '/api/v1/contacts/not-a-uuid', { token: acme.token })
    expect(res.status).toBe(400)
    expect(res.body.error.details).toEqual([{ path: 'id', message: 'must be a UUID' }])
  })
})

describe('contacts: lists', () => {
  let tenant: Tenant
  beforeAll(async () => {
    tenant = await newTenant('contact-lists')
    const company = await make(tenant.token, '/api/v1/companies', { name: 'Listen GmbH' })
    for (const [firstName, lastName, tags] of [['Anna', 'Zander', ['vip']], ['Bernd', 'Albers', ['vip', 'fair']], ['Carla', 'Meier', []], ['Dora', 'Meier', ['fair']]] as const) {
      await make(tenant.token, '/api/v1/contacts', { firstName, lastName, tags, companyId: lastName === 'Meier' ? company.id : null })
    }
  })

  it('pages with meta, sorts with a stable tie-break, and filters', async () => {
    const page = await call('GET', '/api/v1/contacts?limit=3&page=2', { token: tenant.token })
    expect(page.body.meta).toEqual({ page: 2, limit: 3, total: 4, nextCursor: null })
    expect(page.body.data.map((c: { lastName: string }) => c.lastName)).toEqual(['Zander'])

    const sorted = await call('GET', '/api/v1/contacts?sort=-lastName,firstName', { token: tenant.token })
    expect(sorted.body.data.map((c: { firstName: string }) => c.firstName)).toEqual(['Anna', 'Carla', 'Dora', 'Bernd'])

    const tagged = await call('GET', '/api/v1/contacts?tag=vip&tag=fair', { token: tenant.token })
    expect(tagged.body.data.map((c: { firstName: string }) => c.firstName)).toEqual(['Bernd'])

    const search = await call('GET', '/api/v1/contacts?q=meier%20dor', { token: tenant.token })
    expect(search.body.data.map((c: { firstName: string }) => c.firstName)).toEqual(['Dora'])
  })

  it('refuses unknown sort fields and unknown filters', async () => {
    const sort = await call('GET', '/api/v1/contacts?sort=password', { token: tenant.token })
    expect(sort.status).toBe(400)
    expect(sort.body.error.details[0].path).toBe('sort')
    const filter = await call('GET', '/api/v1/contacts?colour=red', { token: tenant.token })
    expect(filter.status).toBe(400)
    expect(filter.body.error.details).toEqual([{ path: 'colour', message: 'is not a known field' }])
  })

  it('lists a company\'s contacts', async () => {
    const [company] = (await call('GET', '/api/v1/companies?q=Listen', { token: tenant.token })).body.data
    const res = await call('GET', `/api/v1/companies/${company.id}/contacts?sort=firstName`, { token: tenant.token })
    expect(res.status).toBe(200)
    expect(res.body.data.map((c: { firstName: string }) => c.firstName)).toEqual(['Carla', 'Dora'])
    // The path fixes the company: sending it as a filter too is refused, not silently ignored.
    expect((await call('GET', `/api/v1/companies/${company.id}/contacts?companyId=${UNKNOWN_ID}`, { token: tenant.token })).status).toBe(400)
  })
})

describe('Idempotency-Key', () => {
  it('answers a retry with the first result and creates one row', async () => {
    const key = `retry-${unique()}`
    const body = { firstName: 'Ida', lastName: `Empotent ${key}` }
    const first = await call('POST', '/api/v1/contacts', { token: acme.token, body, headers: { 'idempotency-key': key } })
    expect(first.status).toBe(201)
    expect(first.headers.get('idempotent-replayed')).toBeNull()
    // The same body with keys in another order is the same request.
    const retry = await call('POST', '/api/v1/contacts', { token: acme.token, body: { lastName: body.lastName, firstName: 'Ida' }, headers: { 'idempotency-key': key } })
    expect(retry.status).toBe(201)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    expect(retry.body).toEqual(first.body)
    expect((await call('GET', `/api/v1/contacts?q=${encodeURIComponent(key)}`, { token: acme.token })).body.meta.total).toBe(1)
  })

  it('refuses the same key with another body (422)', async () => {
    const key = `reuse-${unique()}`
    await call('POST', '/api/v1/contacts', { token: acme.token, body: { firstName: 'One', lastName: key }, headers: { 'idempotency-key': key } })
    const res = await call('POST', '/api/v1/contacts', { token: acme.token, body: { firstName: 'Two', lastName: key }, headers: { 'idempotency-key': key } })
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('VALIDATION_ERROR')
    expect((await call('GET', `/api/v1/contacts?q=${key}`, { token: acme.token })).body.meta.total).toBe(1)
  })

  it('answers concurrent retries once', async () => {
    const key = `race-${unique()}`
    const answers = await Promise.all(Array.from({ length: 5 }, () =>
      call('POST', '/api/v1/contacts', { token: acme.token, body: { firstName: 'Race', lastName: key }, headers: { 'idempotency-key': key } })))
    expect(answers.map(a => a.status)).toEqual([201, 201, 201, 201, 201])
    expect(new Set(answers.map(a => a.body.data.id)).size).toBe(1)
    expect((await call('GET', `/api/v1/contacts?q=${key}`, { token: acme.token })).body.meta.total).toBe(1)
  })

  it('keeps keys apart per caller, stores nothing for a failed request, and checks the key', async () => {
    const key = `shared-${unique()}`
    const mine = await call('POST', '/api/v1/contacts', { token: acme.token, body: { firstName: 'Mine', lastName: key }, headers: { 'idempotency-key': key } })
    const theirs = await call('POST', '/api/v1/contacts', { token: other.token, body: { firstName: 'Theirs', lastName: key }, headers: { 'idempotency-key': key } })
    expect([mine.status, theirs.status]).toEqual([201, 201])
    expect(theirs.body.data.id).not.toBe(mine.body.data.id)

    const failKey = `fail-${unique()}`
    const invalid = await call('POST', '/api/v1/contacts', { token: acme.token, body: { firstName: 'No last name' }, headers: { 'idempotency-key': failKey } })
    expect(invalid.status).toBe(400)
    const fixed = await call('POST', '/api/v1/contacts', { token: acme.token, body: { firstName: 'Now', lastName: failKey }, headers: { 'idempotency-key': failKey } })
    expect(fixed.status).toBe(201)

    const badKey = await call('POST', '/api/v1/contacts', { token: acme.token, body: { firstName: 'A', lastName: 'B' }, headers: { 'idempotency-key': 'x'.repeat(256) } })
    expect(badKey.status).toBe(400)
    expect(badKey.body.error.details[0].path).toBe('Idempotency-Key')
  })
})
