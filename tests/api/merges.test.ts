import { beforeAll, describe, expect, inject, it } from 'vitest'
import { make, newTenant, unique, UNKNOWN_ID, type Tenant } from '../support/crm'
import { call, login } from '../support/http'
import { ResponseChecker, type OpenApiDocument } from '../support/openapi'

// Merging contacts and companies over HTTP: the contract, who may, what disappears where,
// the 404 that points at the survivor, and the undo. What moves and comes back in detail,
// the 30 days and the erasure are in tests/db/merges.test.ts.

let acme: Tenant
let other: Tenant
let checker: ResponseChecker

beforeAll(async () => {
  [acme, other] = await Promise.all([newTenant('merges'), newTenant('merges-other')])
  checker = new ResponseChecker((await call('GET', '/api/v1/openapi.json')).body as OpenApiDocument)
})

async function pair(token: string, tag = unique()) {
  const keep = await make(token, '/api/v1/contacts', { firstName: 'Sabine', lastName: `Groß${tag}`, phone: `+49 30 ${parseInt(tag, 16) % 10_000_000}`, tags: ['a'] })
  const gone = await make(token, '/api/v1/contacts?allowDuplicate=true', { firstName: 'Sabine', lastName: `Gross${tag}`, email: `sabine.${tag}@example.de`, tags: ['b'] })
  return { tag, keep, gone }
}

async function csv(token: string, path: string) {
  const res = await fetch(`${inject('baseUrl')}${path}`, { headers: { authorization: `Bearer ${token}` } })
  return res.text()
}

describe('merging contacts', () => {
  it('previews, merges, hides the merged-away contact everywhere, points at the survivor, and undoes', async () => {
    const { tag, keep, gone } = await pair(acme.token)
    const activity = await make(acme.token, '/api/v1/activities', { type: 'call', subject: `Anruf ${tag}`, contactId: gone.id })
    const body = { mergeIds: [gone.id], fields: { lastName: gone.id } }
    const totalBefore = (await call('GET', '/api/v1/contacts', { token: acme.token })).body.meta.total

    const preview = await call('POST', `/api/v1/contacts/${keep.id}/merge`, { token: acme.token, body: { ...body, dryRun: true } })
    expect(preview.status, preview.text).toBe(200)
    checker.assert(preview, 'post', '/api/v1/contacts/{id}/merge')
    expect(preview.body.data).toMatchObject({
      merge: null, moved: { activities: 1, deals: 0, notifications: 0 },
      record: { id: keep.id, firstName: 'Sabine', lastName: `Gross${tag}`, email: gone.email, phone: keep.phone, tags: ['a', 'b'] },
    })
    expect((await call('GET', `/api/v1/contacts/${gone.id}`, { token: acme.token })).status).toBe(200)
    expect((await call('GET', `/api/v1/contacts/${keep.id}`, { token: acme.token })).body.data.lastName).toBe(`Groß${tag}`)

    const merged = await call('POST', `/api/v1/contacts/${keep.id}/merge`, { token: acme.token, body })
    expect(merged.status, merged.text).toBe(200)
    checker.assert(merged, 'post', '/api/v1/contacts/{id}/merge')
    const merge = merged.body.data.merge
    expect(merge).toMatchObject({ entity: 'contact', survivorId: keep.id, mergedIds: [gone.id], mergedNames: [`Sabine Gross${tag}`], mergedBy: { id: acme.userId } })
    expect({ ...merged.body.data.record, updatedAt: null }).toEqual({ ...preview.body.data.record, updatedAt: null })

    for (const [method, extra] of [['GET', {}], ['PUT', { body: { position: 'x' } }], ['DELETE', {}]] as const) {
      const res = await call(method, `/api/v1/contacts/${gone.id}`, { token: acme.token, ...extra })
      expect(res.status, `${method}: ${res.text}`).toBe(404)
      expect(res.body.error).toMatchObject({ code: 'NOT_FOUND', details: { mergedInto: keep.id } })
    }
    for (const path of ['history', 'activities', 'consents', 'duplicates', 'merges']) {
      expect((await call('GET', `/api/v1/contacts/${gone.id}/${path}`, { token: acme.token })).body.error?.details, path).toEqual({ mergedInto: keep.id })
    }
    // Gone from lists, counts, search, the export and the duplicate candidates.
    expect((await call('GET', `/api/v1/contacts?q=${tag}`, { token: acme.token })).body.data.map((c: { id: string }) => c.id)).toEqual([keep.id])
    expect((await call('GET', '/api/v1/contacts', { token: acme.token })).body.meta.total).toBe(totalBefore - 1)
    const search = await call('GET', `/api/v1/search?q=${encodeURIComponent(`Gross${tag}`)}`, { token: acme.token })
    expect(search.body.data.contacts.map((h: { id: string }) => h.id)).toEqual([keep.id])
    const exported = await csv(acme.token, `/api/v1/contacts/export?q=${tag}`)
    expect(exported).toContain(keep.id)
    expect(exported).not.toContain(gone.id)
    expect((await call('GET', `/api/v1/contacts/${keep.id}/duplicates`, { token: acme.token })).body.data).toEqual([])
    expect((await call('GET', `/api/v1/activities/${activity.id}`, { token: acme.token })).body.data.contactId).toBe(keep.id)
    const history = await call('GET', `/api/v1/contacts/${keep.id}/history?limit=100`, { token: acme.token })
    expect(history.body.data.map((e: { entityId: string, action: string }) => `${e.entityId === keep.id ? 'keep' : 'gone'} ${e.action}`))
      .toEqual(expect.arrayContaining(['keep contact.merge', 'gone contact.create', 'keep contact.create']))
    const list = await call('GET', `/api/v1/contacts/${keep.id}/merges`, { token: acme.token })
    checker.assert(list, 'get', '/api/v1/contacts/{id}/merges')
    expect(list.body.data).toEqual([merge])

    const undone = await call('POST', `/api/v1/contacts/merges/${merge.id}/undo`, { token: acme.token })
    expect(undone.status, undone.text).toBe(200)
    checker.assert(undone, 'post', '/api/v1/contacts/merges/{mergeId}/undo')
    expect(undone.body.data).toMatchObject({ restoredIds: [gone.id], moved: { activities: 1 }, merge: { id: merge.id, undoableUntil: null } })
    expect((await call('GET', `/api/v1/contacts/${gone.id}`, { token: acme.token })).body.data).toMatchObject({ lastName: `Gross${tag}`, email: gone.email, tags: ['b'] })
    expect((await call('GET', `/api/v1/contacts/${keep.id}`, { token: acme.token })).body.data).toMatchObject({ lastName: `Groß${tag}`, email: null, tags: ['a'] })
    expect((await call('GET', `/api/v1/activities/${activity.id}`, { token: acme.token })).body.data.contactId).toBe(gone.id)
    expect((await call('GET', '/api/v1/contacts', { token: acme.token })).body.meta.total).toBe(totalBefore)
    const again = await call('POST', `/api/v1/contacts/merges/${merge.id}/undo`, { token: acme.token })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('CONFLICT')
  })

  it('validates the body', async () => {
    const { keep, gone } = await pair(acme.token)
    const cases: [unknown, string][] = [
      [{}, 'mergeIds'],
      [{ mergeIds: [] }, 'mergeIds'],
      [{ mergeIds: [gone.id, gone.id] }, 'mergeIds'],
      [{ mergeIds: ['nope'] }, 'mergeIds.0'],
      [{ mergeIds: [keep.id] }, 'mergeIds.0'],
      [{ mergeIds: [gone.id], fields: { website: gone.id } }, 'fields.website'],
      [{ mergeIds: [gone.id], fields: { email: UNKNOWN_ID } }, 'fields.email'],
      [{ mergeIds: [gone.id], dryRun: 'yes' }, 'dryRun'],
      [{ mergeIds: [gone.id], orgId: other.orgId }, 'orgId'],
    ]
    for (const [body, path] of cases) {
      const res = await call('POST', `/api/v1/contacts/${keep.id}/merge`, { token: acme.token, body })
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.error.code).toBe('VALIDATION_ERROR')
      expect(res.body.error.details.map((d: { path: string }) => d.path), JSON.stringify(body)).toContain(path)
    }
    expect((await call('GET', `/api/v1/contacts/${gone.id}`, { token: acme.token })).status).toBe(200)
  })

  it('never reaches into another organization', async () => {
    const mine = await pair(acme.token)
    const theirs = await pair(other.token)
    const cross = await call('POST', `/api/v1/contacts/${mine.keep.id}/merge`, { token: acme.token, body: { mergeIds: [theirs.gone.id] } })
    expect(cross.status).toBe(404)
    expect(cross.body.error.details).toEqual([{ path: 'mergeIds.0', message: expect.stringContaining(theirs.gone.id) }])
    expect((await call('POST', `/api/v1/contacts/${theirs.keep.id}/merge`, { token: acme.token, body: { mergeIds: [mine.gone.id] } })).status).toBe(404)
    const merged = await call('POST', `/api/v1/contacts/${mine.keep.id}/merge`, { token: acme.token, body: { mergeIds: [mine.gone.id] } })
    const mergeId = merged.body.data.merge.id
    const foreign = await call('GET', `/api/v1/contacts/${mine.gone.id}`, { token: other.token })
    expect(foreign.status).toBe(404)
    expect(foreign.body.error.details).toBeUndefined()
    expect((await call('POST', `/api/v1/contacts/merges/${mergeId}/undo`, { token: other.token })).status).toBe(404)
    expect((await call('GET', `/api/v1/contacts/${mine.keep.id}/merges`, { token: other.token })).status).toBe(404)
    expect((await call('POST', `/api/v1/companies/merges/${mergeId}/undo`, { token: acme.token })).status).toBe(404)
    expect((await call('GET', `/api/v1/contacts/${theirs.gone.id}`, { token: other.token })).status).toBe(200)
  })

  it('lets admins and members merge and undo; viewers read the merges only', async () => {
    const [admin, member, viewer] = await Promise.all(['stefan.koehler@pulse.test', 'julia.weiss@pulse.test', 'sophie.martin@pulse.test'].map(email => login(email))) as [string, string, string]
    const { keep, gone } = await pair(member)
    const refused = await call('POST', `/api/v1/contacts/${keep.id}/merge`, { token: viewer, body: { mergeIds: [gone.id] } })
    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('FORBIDDEN')
    const merged = await call('POST', `/api/v1/contacts/${keep.id}/merge`, { token: member, body: { mergeIds: [gone.id] } })
    expect(merged.status).toBe(200)
    const mergeId = merged.body.data.merge.id
    expect((await call('GET', `/api/v1/contacts/${keep.id}/merges`, { token: viewer })).body.data[0].id).toBe(mergeId)
    expect((await call('POST', `/api/v1/contacts/merges/${mergeId}/undo`, { token: viewer })).status).toBe(403)
    expect((await call('POST', `/api/v1/contacts/merges/${mergeId}/undo`, { token: admin })).status).toBe(200)
    const second = await pair(admin)
    expect((await call('POST', `/api/v1/contacts/${second.keep.id}/merge`, { token: admin, body: { mergeIds: [second.gone.id] } })).status).toBe(200)
  })
})

describe('merging companies', () => {
  it('merges three into one with the chosen address and website, and undoes', async () => {
    const tag = unique()
    const keep = await make(acme.token, '/api/v1/companies', { name: `Müller ${tag} GmbH`, address: { street: 'Alt 1', postalCode: '10115', city: 'Berlin', country: 'DE' } })
    const web = await make(acme.token, '/api/v1/companies?allowDuplicate=true', { name: `Mueller ${tag} AG`, website: `https://mueller-${tag}.de` })
    const moved = await make(acme.token, '/api/v1/companies?allowDuplicate=true', { name: `Müller ${tag}`, address: { street: 'Neu 2', postalCode: '80331', city: 'München', country: 'DE' } })
    const person = await make(acme.token, '/api/v1/contacts', { firstName: 'Ina', lastName: tag, companyId: moved.id })
    const res = await call('POST', `/api/v1/companies/${keep.id}/merge`, { token: acme.token, body: { mergeIds: [web.id, moved.id], fields: { address: moved.id } } })
    expect(res.status, res.text).toBe(200)
    checker.assert(res, 'post', '/api/v1/companies/{id}/merge')
    expect(res.body.data.record).toMatchObject({ name: keep.name, website: web.website, address: { street: 'Neu 2', city: 'München' } })
    expect(res.body.data.moved).toMatchObject({ contacts: 1 })
    expect((await call('GET', `/api/v1/contacts/${person.id}`, { token: acme.token })).body.data.company).toEqual({ id: keep.id, name: keep.name })
    for (const id of [web.id, moved.id]) {
      const gone = await call('GET', `/api/v1/companies/${id}`, { token: acme.token })
      expect(gone.body.error.details).toEqual({ mergedInto: keep.id })
    }
    expect((await call('GET', `/api/v1/companies?q=${tag}`, { token: acme.token })).body.data.map((c: { id: string }) => c.id)).toEqual([keep.id])
    const undo = await call('POST', `/api/v1/companies/merges/${res.body.data.merge.id}/undo`, { token: acme.token })
    expect(undo.status, undo.text).toBe(200)
    expect(undo.body.data.restoredIds).toEqual([web.id, moved.id])
    expect((await call('GET', `/api/v1/contacts/${person.id}`, { token: acme.token })).body.data.companyId).toBe(moved.id)
    expect((await call('GET', `/api/v1/companies?q=${tag}`, { token: acme.token })).body.meta.total).toBe(3)
  })
})
