import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { resultRows } from '../../server/database/client'
import { runAsTenant } from '../../server/database/transaction'
import type { TenantContext } from '../../server/utils/tenant'
import { contactListQuery } from '../../shared/schemas'

// The services reach the database through the process-wide handle, configured by the environment.
process.env.DATABASE_URL = inject('databaseUrl')
process.env.PGLITE_DIR = 'memory://'
process.env.PULSE_SEED_DEMO = 'never'

const { useDatabaseHandle, closeDatabase } = await import('../../server/utils/db')
const { seedDemoOrganization } = await import('../../server/database/seed')
const contacts = await import('../../server/services/contacts')
const companies = await import('../../server/services/companies')

const TABLES = ['contacts', 'companies', 'deals', 'activities'] as const
let ctx: TenantContext

async function seeded(label: string): Promise<TenantContext> {
  const { db } = await useDatabaseHandle()
  const org = await seedDemoOrganization(db, {
    hashPassword: async () => 'not-a-real-hash', contacts: 30, companies: 8, seed: 7,
    ownerEmail: `owner@${label}-${randomBytes(4).toString('hex')}.test`, orgName: `Org ${label}`,
  })
  const [owner] = resultRows<{ id: string }>(await runAsTenant(db, org.orgId, tx => tx.execute(sql`select id from users where role = 'owner'`)))
  return { orgId: org.orgId, userId: owner!.id, role: 'owner', actorType: 'user' }
}

/** The kept figures beside a real count, per table, for one organization. */
async function figures(orgId: string) {
  const { db } = await useDatabaseHandle()
  return runAsTenant(db, orgId, async (tx) => {
    const out: Record<string, { kept: number, counted: number }> = {}
    for (const table of TABLES) {
      const [kept] = resultRows<{ n: number }>(await tx.execute(sql`select count as n from record_counts where org_id = ${orgId} and entity = ${table}`))
      const [counted] = resultRows<{ n: number }>(await tx.execute(sql`select count(*)::int as n from ${sql.identifier(table)} where org_id = ${orgId}`))
      out[table] = { kept: Number(kept?.n ?? 0), counted: Number(counted!.n) }
    }
    return out
  })
}

function expectExact(found: Record<string, { kept: number, counted: number }>) {
  for (const [table, { kept, counted }] of Object.entries(found)) expect(kept, table).toBe(counted)
}

beforeAll(async () => {
  ctx = await seeded('counts')
})

afterAll(closeDatabase)

describe('record_counts', () => {
  it('matches the rows after a bulk seed', async () => {
    const found = await figures(ctx.orgId)
    expect(found.contacts!.counted).toBe(30)
    expectExact(found)
  })

  it('follows creates and deletes, including rows removed by a statement that deletes several', async () => {
    const made = []
    for (let i = 0; i < 3; i++) made.push(await contacts.create(ctx, { firstName: 'Zahl', lastName: `Nummer ${i}`, tags: [] }))
    await contacts.remove(ctx, made[0]!.id)
    const company = await companies.create(ctx, { name: 'Zählwerk AG' })
    await companies.remove(ctx, company.id)
    const { db } = await useDatabaseHandle()
    await runAsTenant(db, ctx.orgId, tx => tx.execute(sql`delete from activities where org_id = ${ctx.orgId} and type = 'note'`))
    expectExact(await figures(ctx.orgId))
  })

  it('gives an unfiltered list the same total as a counted one', async () => {
    const unfiltered = await contacts.list(ctx, contactListQuery.parse({ limit: '1' }))
    const counted = await contacts.list(ctx, contactListQuery.parse({ limit: '1', createdAfter: '2000-01-01' }))
    expect(unfiltered.meta.total).toBe(counted.meta.total)
    expect(unfiltered.meta.total).toBe((await figures(ctx.orgId)).contacts!.counted)
  })

  it('leaves nothing behind when an organization is deleted, and other organizations untouched', async () => {
    const other = await seeded('counts-other')
    const before = await figures(ctx.orgId)
    const { db } = await useDatabaseHandle()
    await runAsTenant(db, other.orgId, tx => tx.execute(sql`delete from organizations where id = ${other.orgId}`))
    const left = resultRows<{ n: number }>(await db.execute(sql`select count(*)::int as n from record_counts where org_id = ${other.orgId}`))
    expect(Number(left[0]!.n)).toBe(0)
    expect(await figures(ctx.orgId)).toEqual(before)
  })
})
