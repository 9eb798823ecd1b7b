import { describe, expect, it } from 'vitest'
import { make, newTenant, unique, type Tenant } from '../support/crm'
import { call } from '../support/http'
import { report, scaled } from './support'

// 64 concurrent clients in four organizations, mixed reads and writes for a bounded time:
// no 5xx, every acknowledged write is there afterwards, and no organization ever sees a
// row of another.

const CLIENTS = 64
const ORGANIZATIONS = 4

interface Org { tenant: Tenant, marker: string, contactIds: string[], dealIds: string[], acknowledged: Map<string, string> }

describe('mixed load', () => {
  it(`${CLIENTS} clients, reads and writes: 0 5xx, every acknowledged write present, no cross-tenant row`, async () => {
    const orgs: Org[] = await Promise.all(Array.from({ length: ORGANIZATIONS }, async (_, i) => {
      const tenant = await newTenant(`load${i}`)
      const marker = `load${i}x${unique()}`
      const contacts = await Promise.all([1, 2, 3].map(n => make(tenant.token, '/api/v1/contacts', { firstName: marker, lastName: `Seed${n}` })))
      const deals = await Promise.all([1, 2].map(n => make(tenant.token, '/api/v1/deals', { title: `${marker} deal ${n}`, pipelineId: tenant.pipeline.id })))
      return { tenant, marker, contactIds: contacts.map(c => c.id), dealIds: deals.map(d => d.id), acknowledged: new Map() }
    }))
    const statuses: Record<string, number> = {}
    let requests = 0
    const deadline = Date.now() + scaled(8_000, 60_000)

    await Promise.all(Array.from({ length: CLIENTS }, async (_, client) => {
      const org = orgs[client % ORGANIZATIONS]!
      const token = org.tenant.token
      for (let n = 0; Date.now() < deadline; n++) {
        const pick = <T>(list: T[]) => list[(client + n) % list.length]!
        let res
        switch (n % 6) {
          case 0: {
            const lastName = `C${client}N${n}`
            res = await call('POST', '/api/v1/contacts', { token, body: { firstName: org.marker, lastName } })
            if (res.status === 201) {
              org.acknowledged.set(res.body.data.id, lastName)
              org.contactIds.push(res.body.data.id)
            }
            break
          }
          case 1: res = await call('GET', `/api/v1/contacts?limit=20&sort=-createdAt`, { token })
            // Only this organization's rows, whatever else is being written.
            if (res.status === 200) expect((res.body.data as { firstName: string }[]).every(c => c.firstName === org.marker), 'a list showed another organization\'s row').toBe(true)
            break
          case 2: {
            const id = pick(org.contactIds)
            const lastName = `U${client}N${n}`
            res = await call('PUT', `/api/v1/contacts/${id}`, { token, body: { lastName } })
            if (res.status === 200 && org.acknowledged.has(id)) org.acknowledged.set(id, lastName)
            break
          }
          case 3: res = await call('GET', `/api/v1/contacts/${pick(org.contactIds)}`, { token })
            break
          case 4: res = await call('POST', '/api/v1/activities', { token, body: { type: 'call', subject: `${org.marker} call`, contactId: pick(org.contactIds) } })
            break
          default: res = await call('POST', `/api/v1/deals/${pick(org.dealIds)}/move`, { token, body: { stageId: org.tenant.stage[n % 2 ? 'first' : 'second'].id } })
        }
        requests++
        statuses[res.status] = (statuses[res.status] ?? 0) + 1
      }
    }))

    const failures = Object.entries(statuses).filter(([status]) => Number(status) >= 500)
    expect(failures, `5xx answers: ${JSON.stringify(statuses)}`).toEqual([])
    // Concurrent updates of one contact: the last acknowledged name is not known, only that it is one of them.
    let verified = 0
    for (const org of orgs) {
      const other = orgs.find(o => o !== org)!
      const created = [...org.acknowledged.keys()]
      for (let i = 0; i < created.length; i += 40) {
        const batch = created.slice(i, i + 40)
        const [own, foreign] = await Promise.all([
          Promise.all(batch.map(id => call('GET', `/api/v1/contacts/${id}`, { token: org.tenant.token }))),
          Promise.all(batch.map(id => call('GET', `/api/v1/contacts/${id}`, { token: other.tenant.token }))),
        ])
        own.forEach((res, j) => {
          expect(res.status, `acknowledged contact ${batch[j]} missing`).toBe(200)
          expect(res.body.data.firstName).toBe(org.marker)
        })
        foreign.forEach(res => expect(res.status, 'another organization read the contact').toBe(404))
        verified += batch.length
      }
    }
    // Every client starts with a create.
    expect(verified).toBeGreaterThanOrEqual(CLIENTS)
    report(`mixed load: ${CLIENTS} clients, ${ORGANIZATIONS} organizations`, {
      seconds: scaled(8, 60), requests, acknowledgedCreatesVerified: verified, ...Object.fromEntries(Object.entries(statuses).map(([k, v]) => [`status${k}`, v])),
    }, 'no 5xx; every acknowledged contact readable by its organization and 404 to another; lists never showed another organization\'s row')
  }, 240_000)
})
