import { beforeAll, describe, expect, it } from 'vitest'
import { historyOf, make, newTenant, type Tenant } from '../support/crm'
import { call } from '../support/http'

let acme: Tenant
let other: Tenant

beforeAll(async () => {
  [acme, other] = await Promise.all([newTenant('companies'), newTenant('companies-other')])
})

describe('companies', () => {
  it('keeps the address as one object and merges address parts on update', async () => {
    const created = await call('POST', '/api/v1/companies', {
      token: acme.token,
      body: { name: 'Hafenlogistik GmbH', website: 'hafen.example', address: { street: 'Kai 1', postalCode: '20457', city: 'Hamburg', country: 'de' } },
    })
    expect(created.status).toBe(201)
    const company = created.body.data
    expect(company).toMatchObject({
      name: 'Hafenlogistik GmbH', website: 'https://hafen.example', industry: null,
      address: { street: 'Kai 1', postalCode: '20457', city: 'Hamburg', country: 'DE' }, ownerId: acme.userId,
    })

    const moved = await call('PUT', `/api/v1/companies/${company.id}`, { token: acme.token, body: { address: { city: 'Bremen', postalCode: '28195' } } })
    expect(moved.body.data.address).toEqual({ street: 'Kai 1', postalCode: '28195', city: 'Bremen', country: 'DE' })
    const [update] = await historyOf(acme.token, 'companies', company.id)
    expect(update!.changes).toEqual({ city: { from: 'Hamburg', to: 'Bremen' }, postalCode: { from: '20457', to: '28195' } })

    const cleared = await call('PUT', `/api/v1/companies/${company.id}`, { token: acme.token, body: { address: null } })
    expect(cleared.body.data.address).toEqual({ street: null, postalCode: null, city: null, country: null })
  })

  it('lists a company\'s deals and deletes it, keeping contacts, deals and activities unlinked', async () => {
    const company = await make(acme.token, '/api/v1/companies', { name: 'Abriss AG' })
    const contact = await make(acme.token, '/api/v1/contacts', { firstName: 'Bleibt', lastName: 'Da', companyId: company.id })
    const deal = await make(acme.token, '/api/v1/deals', { title: 'Abriss-Deal', pipelineId: acme.pipeline.id, companyId: company.id })
    const activity = await make(acme.token, '/api/v1/activities', { type: 'meeting', subject: 'Termin', companyId: company.id })
    const deals = await call('GET', `/api/v1/companies/${company.id}/deals`, { token: acme.token })
    expect(deals.body.data.map((d: { id: string }) => d.id)).toEqual([deal.id])

    expect((await call('DELETE', `/api/v1/companies/${company.id}`, { token: acme.token })).status).toBe(200)
    expect((await call('GET', `/api/v1/contacts/${contact.id}`, { token: acme.token })).body.data).toMatchObject({ companyId: null, company: null })
    expect((await call('GET', `/api/v1/deals/${deal.id}`, { token: acme.token })).body.data.companyId).toBeNull()
    expect((await call('GET', `/api/v1/activities/${activity.id}`, { token: acme.token })).body.data.companyId).toBeNull()
  })

  it('a company\'s timeline holds its own activities and those of its contacts and deals, paged and counted', async () => {
    const company = await make(acme.token, '/api/v1/companies', { name: 'Zeitleiste GmbH' })
    const elsewhere = await make(acme.token, '/api/v1/companies', { name: 'Nachbar GmbH' })
    const contact = await make(acme.token, '/api/v1/contacts', { firstName: 'Zora', lastName: 'Zeit', companyId: company.id })
    const stranger = await make(acme.token, '/api/v1/contacts', { firstName: 'Nina', lastName: 'Nachbar', companyId: elsewhere.id })
    const deal = await make(acme.token, '/api/v1/deals', { title: 'Zeitleisten-Deal', pipelineId: acme.pipeline.id, companyId: company.id })
    await make(acme.token, '/api/v1/activities', { type: 'meeting', subject: 'Firma', companyId: company.id, dueAt: '2027-03-01T09:00:00Z' })
    await make(acme.token, '/api/v1/activities', { type: 'call', subject: 'Person', contactId: contact.id, dueAt: '2027-03-02T09:00:00Z' })
    await make(acme.token, '/api/v1/activities', { type: 'task', subject: 'Deal', dealId: deal.id, dueAt: '2027-03-03T09:00:00Z' })
    await make(acme.token, '/api/v1/activities', { type: 'call', subject: 'Nachbar', contactId: stranger.id, dueAt: '2027-03-02T10:00:00Z' })
    await make(acme.token, '/api/v1/activities', { type: 'call', subject: 'Nachbarfirma', companyId: elsewhere.id })

    const page = async (query: string) => (await call('GET', `/api/v1/companies/${company.id}/activities?${query}`, { token: acme.token })).body
    const first = await page('sort=dueAt&limit=2&page=1')
    expect(first.data.map((a: { subject: string }) => a.subject)).toEqual(['Firma', 'Person'])
    expect(first.meta).toMatchObject({ page: 1, limit: 2, total: 3 })
    expect((await page('sort=dueAt&limit=2&page=2')).data.map((a: { subject: string }) => a.subject)).toEqual(['Deal'])
    // The list's own filters still apply on top.
    expect((await page('type=call')).data.map((a: { subject: string }) => a.subject)).toEqual(['Person'])
    expect((await page('q=deal')).data.map((a: { subject: string }) => a.subject)).toEqual(['Deal'])
    // The path fixes the company: naming one again is refused.
    const twice = await call('GET', `/api/v1/companies/${company.id}/activities?companyId=${elsewhere.id}`, { token: acme.token })
    expect(twice.status).toBe(400)
    expect(twice.body.error.code).toBe('VALIDATION_ERROR')
    expect((await call('GET', '/api/v1/companies/not-a-uuid/activities', { token: acme.token })).status).toBe(400)
  })

  it('answers 404 for another organization\'s company and refuses it as a reference', async () => {
    const foreign = await make(other.token, '/api/v1/companies', { name: 'Fremdfirma KG' })
    const answers = await Promise.all([
      call('GET', `/api/v1/companies/${foreign.id}`, { token: acme.token }),
      call('PUT', `/api/v1/companies/${foreign.id}`, { token: acme.token, body: { name: 'Mine' } }),
      call('DELETE', `/api/v1/companies/${foreign.id}`, { token: acme.token }),
      call('GET', `/api/v1/companies/${foreign.id}/contacts`, { token: acme.token }),
      call('GET', `/api/v1/companies/${foreign.id}/deals`, { token: acme.token }),
      call('GET', `/api/v1/companies/${foreign.id}/history`, { token: acme.token }),
      call('GET', `/api/v1/companies/${foreign.id}/activities`, { token: acme.token }),
    ])
    expect(answers.map(a => a.status)).toEqual([404, 404, 404, 404, 404, 404, 404])
    const ref = await call('POST', '/api/v1/activities', { token: acme.token, body: { type: 'call', subject: 'x', companyId: foreign.id } })
    expect(ref.status).toBe(400)
    expect(ref.body.error.details[0].path).toBe('companyId')
  })
})

describe('activities', () => {
  it('schedules a task, completes it in one call, and filters by done and due date', async () => {
    const tenant = await newTenant('activities')
    const contact = await make(tenant.token, '/api/v1/contacts', { firstName: 'Tina', lastName: 'Termin' })
    const task = await make(tenant.token, '/api/v1/activities', { type: 'task', subject: 'Angebot nachfassen', dueAt: '2027-01-15T09:00:00+01:00', contactId: contact.id })
    expect(task).toMatchObject({ type: 'task', dueAt: '2027-01-15T08:00:00.000Z', completedAt: null, contact: { firstName: 'Tina' }, ownerId: tenant.userId })
    await make(tenant.token, '/api/v1/activities', { type: 'call', subject: 'Erstgespräch', dueAt: '2027-02-01T10:00:00Z', contactId: contact.id })

    const done = await call('PUT', `/api/v1/activities/${task.id}`, { token: tenant.token, body: { completedAt: '2027-01-14T16:30:00Z' } })
    expect(done.status).toBe(200)
    expect(done.body.data).toMatchObject({ completedAt: '2027-01-14T16:30:00.000Z', subject: 'Angebot nachfassen', dueAt: '2027-01-15T08:00:00.000Z' })

    const subjects = async (query: string) => (await call('GET', `/api/v1/activities?${query}`, { token: tenant.token })).body.data.map((a: { subject: string }) => a.subject)
    expect(await subjects('done=true')).toEqual(['Angebot nachfassen'])
    expect(await subjects('done=false')).toEqual(['Erstgespräch'])
    expect(await subjects('dueAfter=2027-01-20&sort=dueAt')).toEqual(['Erstgespräch'])
    expect(await subjects('dueBefore=2027-01-20')).toEqual(['Angebot nachfassen'])
    expect(await subjects('type=call')).toEqual(['Erstgespräch'])
    expect((await call('GET', `/api/v1/contacts/${contact.id}/activities?sort=dueAt`, { token: tenant.token })).body.data.map((a: { subject: string }) => a.subject))
      .toEqual(['Angebot nachfassen', 'Erstgespräch'])
    expect((await call('GET', '/api/v1/activities?done=yes', { token: tenant.token })).status).toBe(400)

    const [update] = await historyOf(tenant.token, 'activities', task.id)
    expect(update).toMatchObject({ action: 'activity.update', changes: { completedAt: { from: null, to: '2027-01-14T16:30:00.000Z' } } })
    expect(Object.keys(update!.changes!)).toEqual(['completedAt'])

    expect((await call('DELETE', `/api/v1/activities/${task.id}`, { token: tenant.token })).status).toBe(200)
    expect((await call('GET', `/api/v1/activities/${task.id}`, { token: tenant.token })).status).toBe(404)
  })

  it('a calendar range (dueAfter inclusive, dueBefore exclusive) finds what a reschedule moved into it, reminders included', async () => {
    const tenant = await newTenant('calendar')
    const week = 'dueAfter=2027-04-05T00:00:00%2B02:00&dueBefore=2027-04-12T00:00:00%2B02:00&sort=dueAt&limit=100'
    const inWeek = async () => (await call('GET', `/api/v1/activities?${week}`, { token: tenant.token })).body.data.map((a: { subject: string }) => a.subject)
    await make(tenant.token, '/api/v1/activities', { type: 'meeting', subject: 'Montag früh', dueAt: '2027-04-05T00:00:00+02:00' })
    await make(tenant.token, '/api/v1/activities', { type: 'call', subject: 'Nächster Montag', dueAt: '2027-04-12T00:00:00+02:00' })
    const later = await make(tenant.token, '/api/v1/activities', { type: 'task', subject: 'Später', dueAt: '2027-05-01T10:00:00+02:00', reminders: [30] })
    expect(await inWeek()).toEqual(['Montag früh'])

    const moved = await call('PUT', `/api/v1/activities/${later.id}`, { token: tenant.token, body: { dueAt: '2027-04-07T14:15:00+02:00' } })
    expect(moved.status).toBe(200)
    expect(moved.body.data).toMatchObject({ dueAt: '2027-04-07T12:15:00.000Z', reminders: [30] })
    expect(await inWeek()).toEqual(['Montag früh', 'Später'])
    expect((await call('GET', '/api/v1/activities?dueAfter=2027-04-05T25:00:00Z', { token: tenant.token })).body.error.details[0].path).toBe('dueAfter')
  })

  it('answers 404 for another organization\'s activity on every verb', async () => {
    const foreign = await make(other.token, '/api/v1/activities', { type: 'note', subject: 'Vertraulich' })
    const answers = await Promise.all([
      call('GET', `/api/v1/activities/${foreign.id}`, { token: acme.token }),
      call('PUT', `/api/v1/activities/${foreign.id}`, { token: acme.token, body: { subject: 'Mine' } }),
      call('DELETE', `/api/v1/activities/${foreign.id}`, { token: acme.token }),
      call('GET', `/api/v1/activities/${foreign.id}/history`, { token: acme.token }),
    ])
    expect(answers.map(a => a.status)).toEqual([404, 404, 404, 404])
    expect(answers.some(a => a.text.includes('Vertraulich'))).toBe(false)
  })

  it('refuses an invalid type or date, naming the field', async () => {
    const res = await call('POST', '/api/v1/activities', { token: acme.token, body: { type: 'fax', subject: 'x', dueAt: 'tomorrow' } })
    expect(res.status).toBe(400)
    expect((res.body.error.details as { path: string }[]).map(d => d.path).sort()).toEqual(['dueAt', 'type'])
  })
})

describe('API keys on CRM records', () => {
  it('a read key reads; a read_write key writes records (audited as the key) but not pipelines', async () => {
    const tenant = await newTenant('crm-roles')
    const key = async (scope: string) => (await call('POST', '/api/v1/api-keys', { token: tenant.token, body: { name: scope, scope } })).body.data.key as string
    const [reader, writer] = [await key('read'), await key('read_write')]

    const contact = await make(tenant.token, '/api/v1/contacts', { firstName: 'Rolf', lastName: 'Rolle' })
    expect((await call('GET', `/api/v1/contacts/${contact.id}`, { token: reader })).status).toBe(200)
    expect((await call('PUT', `/api/v1/contacts/${contact.id}`, { token: reader, body: { lastName: 'X' } })).status).toBe(403)
    expect((await call('POST', '/api/v1/contacts', { token: reader, body: { firstName: 'A', lastName: 'B' } })).status).toBe(403)

    const written = await call('PUT', `/api/v1/contacts/${contact.id}`, { token: writer, body: { position: 'CTO' } })
    expect(written.status).toBe(200)
    const [entry] = await historyOf(tenant.token, 'contacts', contact.id)
    expect(entry).toMatchObject({ actorType: 'api_key', actorName: 'read_write' })
    expect((await call('POST', '/api/v1/pipelines', { token: writer, body: { name: 'P', stages: [{ name: 'A', probability: 1, kind: 'open' }] } })).status).toBe(403)
    expect((await call('GET', '/api/v1/audit-logs', { token: writer })).status).toBe(403)
  })
})
