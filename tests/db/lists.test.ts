import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { activityListQuery, companyListQuery, contactListQuery, dealListQuery } from '../../shared/schemas'
import type { TenantContext } from '../../server/utils/tenant'

// The services reach the database through the process-wide handle, configured by the environment.
process.env.DATABASE_URL = inject('databaseUrl')
process.env.PGLITE_DIR = 'memory://'
process.env.PULSE_SEED_DEMO = 'never'

const { useDatabaseHandle, closeDatabase } = await import('../../server/utils/db')
const { seedDemoOrganization } = await import('../../server/database/seed')
const contacts = await import('../../server/services/contacts')
const companies = await import('../../server/services/companies')
const deals = await import('../../server/services/deals')
const activities = await import('../../server/services/activities')

const hashPassword = async () => 'not-a-real-hash'
let a: TenantContext
let b: TenantContext

async function tenant(label: string, size: number): Promise<TenantContext> {
  const { db } = await useDatabaseHandle()
  const seeded = await seedDemoOrganization(db, {
    hashPassword, contacts: size, companies: Math.ceil(size / 4), seed: size,
    ownerEmail: `owner@${label}-${randomBytes(4).toString('hex')}.test`, orgName: `Org ${label}`,
  })
  return { orgId: seeded.orgId, userId: null, role: 'viewer', actorType: 'user' }
}

beforeAll(async () => {
  a = await tenant('a', 40)
  b = await tenant('b', 24)
})

afterAll(closeDatabase)

describe('lists are confined to the tenant', () => {
  it('shows each organization only its own contacts, companies, deals and activities', async () => {
    for (const [service, parse] of [
      [contacts, contactListQuery], [companies, companyListQuery], [deals, dealListQuery], [activities, activityListQuery],
    ] as const) {
      const all = async (ctx: TenantContext) => (await service.list(ctx, parse.parse({ limit: '100' }) as never)).data.map(r => r.id)
      const [idsA, idsB] = [await all(a), await all(b)]
      expect(idsA.length).toBeGreaterThan(0)
      expect(idsB.length).toBeGreaterThan(0)
      expect(idsA.filter(id => idsB.includes(id))).toEqual([])
    }
  })

  it('finds nothing when filtering by another tenant\'s ids', async () => {
    const companyOfB = (await companies.list(b, companyListQuery.parse({}))).data[0]!
    const result = await contacts.list(a, contactListQuery.parse({ companyId: companyOfB.id }))
    expect(result.meta.total).toBe(0)
    const dealOfB = (await deals.list(b, dealListQuery.parse({}))).data[0]!
    expect((await activities.list(a, activityListQuery.parse({ dealId: dealOfB.id }))).meta.total).toBe(0)
  })
})

describe('paging, sorting and search', () => {
  it('pages through every contact exactly once, in a stable order', async () => {
    const { meta } = await contacts.list(a, contactListQuery.parse({}))
    expect(meta.total).toBe(40)
    const seen: string[] = []
    for (let page = 1; page <= 5; page++) {
      const { data } = await contacts.list(a, contactListQuery.parse({ page: String(page), limit: '9', sort: '-createdAt' }))
      seen.push(...data.map(c => c.id))
    }
    expect(seen).toHaveLength(40)
    expect(new Set(seen).size).toBe(40)
  })

  it('sorts by name and searches first name plus last name', async () => {
    const { data } = await contacts.list(a, contactListQuery.parse({ limit: '100', sort: 'lastName,firstName' }))
    const names = data.map(c => `${c.lastName}\u0000${c.firstName}`)
    expect(names).toEqual([...names].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)))
    const target = data[7]!
    const found = await contacts.list(a, contactListQuery.parse({ q: `${target.firstName.slice(0, 3)} ${target.lastName}` }))
    expect(found.data.map(c => c.id)).toContain(target.id)
  })

  it('treats LIKE wildcards in the search text literally', async () => {
    expect((await contacts.list(a, contactListQuery.parse({ q: '%' }))).meta.total).toBe(0)
    expect((await contacts.list(a, contactListQuery.parse({ q: '_' }))).meta.total).toBe(0)
  })

  it('names each deal\'s stage and keeps money exact', async () => {
    const { data } = await deals.list(a, dealListQuery.parse({ limit: '100' }))
    for (const deal of data) {
      expect(deal.stageName).toBeTruthy()
      expect(deal.value).toMatch(/^\d+\.\d{2}$/)
    }
    const won = await deals.list(a, dealListQuery.parse({ status: 'won', limit: '100' }))
    expect(won.data.every(d => d.status === 'won' && d.closedAt)).toBe(true)
  })
})

describe('the demo data', () => {
  it('gives every deal a stage history that ends in the stage it is in', async () => {
    const page = await deals.list(a, dealListQuery.parse({ limit: '100' }))
    expect(page.data.length).toBeGreaterThan(0)
    for (const deal of page.data) {
      const stays = await deals.stageHistory(a, deal.id)
      expect(stays[0], deal.title).toMatchObject({ stageId: deal.stageId, leftAt: null })
      expect(stays.filter(s => s.leftAt === null)).toHaveLength(1)
      expect(stays.at(-1)!.fromStageId).toBeNull()
      // Each stay begins where the previous one ended.
      for (let i = 0; i + 1 < stays.length; i++) {
        expect(stays[i]!.fromStageId).toBe(stays[i + 1]!.stageId)
        expect(stays[i + 1]!.leftAt!.getTime()).toBe(stays[i]!.enteredAt.getTime())
      }
    }
  })
})
