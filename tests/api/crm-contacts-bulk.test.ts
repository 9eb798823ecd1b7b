import { beforeAll, describe, expect, it } from 'vitest'
import { historyOf, make, newTenant, unique, UNKNOWN_ID, type Tenant } from '../support/crm'
import { call } from '../support/http'

let acme: Tenant
let other: Tenant

beforeAll(async () => {
  [acme, other] = await Promise.all([newTenant('bulk'), newTenant('bulk-other')])
})

const contact = (token: string, tags: string[] = []) => make(token, '/api/v1/contacts', { firstName: 'Bulk', lastName: `Person ${unique()}`, tags })
const read = async (id: string, token = acme.token) => (await call('GET', `/api/v1/contacts/${id}`, { token })).body.data
const bulk = (body: unknown, token = acme.token, headers?: Record<string, string>) => call('POST', '/api/v1/contacts/bulk', { token, body, headers })

describe('contacts: bulk actions', () => {
  it('assigns an owner to several contacts, audits each change, and counts only real changes', async () => {
    const [a, b] = await Promise.all([contact(acme.token), contact(acme.token)])
    const cleared = await bulk({ action: 'assign_owner', ids: [a.id, b.id, a.id], ownerId: null })
    expect(cleared.status, cleared.text).toBe(200)
    expect(cleared.body.data).toEqual({ action: 'assign_owner', ids: [a.id, b.id], changed: 2 })
    expect((await read(a.id)).ownerId).toBeNull()

    const back = await bulk({ action: 'assign_owner', ids: [a.id, b.id], ownerId: acme.userId })
    expect(back.body.data.changed).toBe(2)
    expect(await read(b.id)).toMatchObject({ ownerId: acme.userId, owner: { id: acme.userId } })
    const [latest] = await historyOf(acme.token, 'contacts', b.id)
    expect(latest).toMatchObject({ action: 'contact.update', changes: { ownerId: { from: null, to: acme.userId } } })

    // Already so: nothing changes and no entry is written.
    expect((await bulk({ action: 'assign_owner', ids: [a.id], ownerId: acme.userId })).body.data.changed).toBe(0)
    expect(await historyOf(acme.token, 'contacts', a.id)).toHaveLength(3)
  })

  it('adds and removes a tag without touching the other tags', async () => {
    const [a, b] = await Promise.all([contact(acme.token, ['vip']), contact(acme.token, ['fair', 'lead'])])
    const added = await bulk({ action: 'add_tag', ids: [a.id, b.id], tag: ' lead ' })
    expect(added.body.data.changed).toBe(1)
    expect((await read(a.id)).tags).toEqual(['vip', 'lead'])
    expect((await read(b.id)).tags).toEqual(['fair', 'lead'])

    const removed = await bulk({ action: 'remove_tag', ids: [a.id, b.id], tag: 'lead' })
    expect(removed.body.data.changed).toBe(2)
    expect((await read(a.id)).tags).toEqual(['vip'])
    expect((await read(b.id)).tags).toEqual(['fair'])
    const [latest] = await historyOf(acme.token, 'contacts', b.id)
    expect(latest!.changes).toEqual({ tags: { from: ['fair', 'lead'], to: ['fair'] } })
  })

  it('deletes contacts and keeps their deals unlinked', async () => {
    const [a, b] = await Promise.all([contact(acme.token), contact(acme.token)])
    const deal = await make(acme.token, '/api/v1/deals', { title: 'Survives', pipelineId: acme.pipeline.id, contactId: a.id })
    const res = await bulk({ action: 'delete', ids: [a.id, b.id] })
    expect(res.body.data).toEqual({ action: 'delete', ids: [a.id, b.id], changed: 2 })
    expect((await call('GET', `/api/v1/contacts/${a.id}`, { token: acme.token })).status).toBe(404)
    expect((await call('GET', `/api/v1/deals/${deal.id}`, { token: acme.token })).body.data.contactId).toBeNull()
    const audit = await call('GET', `/api/v1/audit-logs?entityId=${b.id}`, { token: acme.token })
    expect(audit.body.data.map((e: { action: string }) => e.action)).toContain('contact.delete')
  })

  it('changes nothing when one id is unknown or another tenant\'s, and names each such id', async () => {
    const mine = await contact(acme.token, ['keep'])
    const theirs = await contact(other.token)
    const res = await bulk({ action: 'delete', ids: [mine.id, theirs.id, UNKNOWN_ID] })
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('NOT_FOUND')
    expect(res.body.error.details).toEqual([
      { path: 'ids.1', message: expect.stringContaining(theirs.id) },
      { path: 'ids.2', message: expect.stringContaining(UNKNOWN_ID) },
    ])
    expect((await read(mine.id)).tags).toEqual(['keep'])
    expect(await read(theirs.id, other.token)).toMatchObject({ id: theirs.id })

    const tagged = await bulk({ action: 'add_tag', ids: [mine.id, UNKNOWN_ID], tag: 'never' })
    expect(tagged.status).toBe(404)
    expect((await read(mine.id)).tags).toEqual(['keep'])
  })

  it('refuses bad input with a 400 naming the field, and viewers with a 403', async () => {
    const mine = await contact(acme.token)
    for (const [body, path] of [
      [{ action: 'archive', ids: [mine.id] }, 'action'],
      [{ action: 'delete', ids: [] }, 'ids'],
      [{ action: 'delete', ids: ['nope'] }, 'ids.0'],
      [{ action: 'add_tag', ids: [mine.id] }, 'tag'],
      [{ action: 'assign_owner', ids: [mine.id], ownerId: UNKNOWN_ID }, 'ownerId'],
      [{ action: 'assign_owner', ids: [mine.id], ownerId: other.userId }, 'ownerId'],
      [{ action: 'delete', ids: Array.from({ length: 101 }, () => mine.id) }, 'ids'],
    ] as const) {
      const res = await bulk(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.error.code).toBe('VALIDATION_ERROR')
      expect(res.body.error.details.map((d: { path: string }) => d.path), JSON.stringify(body)).toContain(path)
    }
    expect((await call('POST', '/api/v1/contacts/bulk', { body: { action: 'delete', ids: [mine.id] } })).status).toBe(401)

    const key = await call('POST', '/api/v1/api-keys', { token: acme.token, body: { name: `read ${unique()}`, scope: 'read' } })
    expect(key.status, key.text).toBe(201)
    const refused = await bulk({ action: 'delete', ids: [mine.id] }, key.body.data.key)
    expect(refused.status).toBe(403)
    expect(await read(mine.id)).toMatchObject({ id: mine.id })
  })

  it('replays a retried request with the same Idempotency-Key instead of acting twice', async () => {
    const mine = await contact(acme.token)
    const headers = { 'idempotency-key': `bulk-${unique()}` }
    const first = await bulk({ action: 'add_tag', ids: [mine.id], tag: 'once' }, acme.token, headers)
    const again = await bulk({ action: 'add_tag', ids: [mine.id], tag: 'once' }, acme.token, headers)
    expect(again.status).toBe(200)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.body).toEqual(first.body)
    expect(await historyOf(acme.token, 'contacts', mine.id)).toHaveLength(2)
  })
})
