import { beforeAll, describe, expect, it } from 'vitest'
import { make, newTenant, unique, type Tenant } from '../support/crm'
import { call } from '../support/http'

let acme: Tenant
let other: Tenant

beforeAll(async () => {
  [acme, other] = await Promise.all([newTenant('search'), newTenant('search-other')])
  const company = await make(acme.token, '/api/v1/companies', { name: 'Schraubenwerk Kowalski', website: 'kowalski-schrauben.example' })
  await make(acme.token, '/api/v1/contacts', { firstName: 'Magdalena', lastName: 'Schwarzkopf', email: 'm.schwarzkopf@kowalski-schrauben.example', phone: '+49 711 555 0199', companyId: company.id })
  await make(acme.token, '/api/v1/contacts', { firstName: 'Jonas', lastName: 'Schwarz' })
  await make(acme.token, '/api/v1/deals', { title: 'Rahmenvertrag Schrauben 2027', pipelineId: acme.pipeline.id, value: 48000 })
  // The other organization holds look-alikes that must never appear.
  await make(other.token, '/api/v1/contacts', { firstName: 'Magdalena', lastName: 'Schwarzkopf', email: 'secret@other.example' })
  await make(other.token, '/api/v1/companies', { name: 'Schraubenwerk Kowalski Zwei' })
})

const search = (token: string, q: string) => call('GET', `/api/v1/search?q=${encodeURIComponent(q)}`, { token })

describe('GET /api/v1/search', () => {
  it('finds contacts, companies and deals, grouped by kind', async () => {
    const res = await search(acme.token, 'schrauben')
    expect(res.status).toBe(200)
    expect(res.body.data.companies.map((h: { title: string }) => h.title)).toEqual(['Schraubenwerk Kowalski'])
    expect(res.body.data.deals).toEqual([{ id: expect.any(String), title: 'Rahmenvertrag Schrauben 2027', subtitle: '48000.00 EUR', score: expect.any(Number) }])
    // Found through the e-mail address.
    expect(res.body.data.contacts.map((h: { title: string }) => h.title)).toEqual(['Magdalena Schwarzkopf'])
  })

  it('ranks the closer match first and tolerates typos', async () => {
    const exact = await search(acme.token, 'Schwarzkopf')
    expect(exact.body.data.contacts.map((h: { title: string }) => h.title)).toEqual(['Magdalena Schwarzkopf', 'Jonas Schwarz'])
    const [first, second] = exact.body.data.contacts
    expect(first.score).toBeGreaterThan(second.score)

    const typo = await search(acme.token, 'Schwarzkpof')
    expect(typo.body.data.contacts[0].title).toBe('Magdalena Schwarzkopf')
    const phone = await search(acme.token, '555 0199')
    expect(phone.body.data.contacts.map((h: { title: string }) => h.title)).toEqual(['Magdalena Schwarzkopf'])
  })

  it('never shows another organization\'s records', async () => {
    const res = await search(acme.token, 'Magdalena Schwarzkopf')
    expect(res.body.data.contacts).toHaveLength(1)
    expect(res.text).not.toContain('secret@other.example')
    expect((await search(acme.token, 'Zwei')).body.data.companies).toEqual([])
    const theirs = await search(other.token, 'Rahmenvertrag')
    expect(theirs.body.data.deals).toEqual([])
  })

  it('treats LIKE wildcards literally and validates the query', async () => {
    expect((await search(acme.token, '%%')).body.data).toEqual({ contacts: [], companies: [], deals: [] })
    expect((await search(acme.token, 'a_b')).body.data.contacts).toEqual([])
    const short = await search(acme.token, 'x')
    expect(short.status).toBe(400)
    expect(short.body.error.details[0].path).toBe('q')
    expect((await call('GET', '/api/v1/search', { token: acme.token })).status).toBe(400)
    expect((await call('GET', '/api/v1/search?q=schwarz')).status).toBe(401)
  })
})

describe('GET /api/v1/audit-logs', () => {
  it('filters by entity, action, actor and time, newest first', async () => {
    const tenant = await newTenant('audit')
    const before = new Date(Date.now() - 1000).toISOString()
    const contact = await make(tenant.token, '/api/v1/contacts', { firstName: 'Audit', lastName: `Trail ${unique()}` })
    await call('PUT', `/api/v1/contacts/${contact.id}`, { token: tenant.token, body: { position: 'DPO' } })
    const deal = await make(tenant.token, '/api/v1/deals', { title: 'Audited', pipelineId: tenant.pipeline.id })
    await call('POST', `/api/v1/deals/${deal.id}/move`, { token: tenant.token, body: { stageId: tenant.stage.won.id } })

    const get = async (query: string) => {
      const res = await call('GET', `/api/v1/audit-logs?${query}`, { token: tenant.token })
      expect(res.status, res.text).toBe(200)
      return res.body
    }
    const contactEntries = await get(`entity=contact&entityId=${contact.id}`)
    expect(contactEntries.data.map((e: { action: string }) => e.action)).toEqual(['contact.update', 'contact.create'])
    expect(contactEntries.data[0]).toMatchObject({ actorId: tenant.userId, actorType: 'user', changes: { position: { from: null, to: 'DPO' } } })

    expect((await get('action=deal.move')).data).toEqual([expect.objectContaining({ entityId: deal.id, changes: expect.objectContaining({ status: { from: 'open', to: 'won' } }) })])
    expect((await get('action=deal')).data.map((e: { action: string }) => e.action)).toEqual(['deal.move', 'deal.create'])
    expect((await get(`actorId=${tenant.userId}&from=${encodeURIComponent(before)}`)).meta.total).toBeGreaterThanOrEqual(4)
    expect((await get('from=2000-01-01&to=2000-01-02')).meta.total).toBe(0)
    expect((await get('limit=2')).data).toHaveLength(2)
  })

  it('is for admins, shows only the caller\'s organization, and validates filters', async () => {
    const mine = await call('GET', '/api/v1/audit-logs?limit=100', { token: acme.token })
    expect(mine.status).toBe(200)
    expect(mine.text).not.toContain('secret@other.example')
    const bad = await call('GET', '/api/v1/audit-logs?entity=DROP%20TABLE&sort=id', { token: acme.token })
    expect(bad.status).toBe(400)
    expect((bad.body.error.details as { path: string }[]).map(d => d.path).sort()).toEqual(['entity', 'sort'])
  })
})
