import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { resultRows } from '../../server/database/client'
import { runAsTenant } from '../../server/database/transaction'

// The services reach the database through the process-wide handle, configured by the environment.
process.env.DATABASE_URL = inject('databaseUrl')
process.env.PGLITE_DIR = 'memory://'
process.env.PULSE_SEED_DEMO = 'never'

const { useDatabaseHandle, closeDatabase } = await import('../../server/utils/db')
const { seedDemoOrganization } = await import('../../server/database/seed')

let orgA: string
let orgB: string

async function seed(label: string, size: number): Promise<string> {
  const { db } = await useDatabaseHandle()
  const seeded = await seedDemoOrganization(db, {
    hashPassword: async () => 'not-a-real-hash', contacts: size, companies: Math.ceil(size / 4), seed: size,
    ownerEmail: `owner@${label}-${randomBytes(4).toString('hex')}.test`, orgName: `Org ${label}`,
  })
  return seeded.orgId
}

const SEARCH_INDEXES = ['contacts_search_idx', 'companies_search_idx', 'deals_search_idx'] as const

/** Runs search_records as the application does: the runtime role, RLS on, inside the tenant. */
async function searchAs(orgId: string, q: string) {
  const { db } = await useDatabaseHandle()
  return runAsTenant(db, orgId, async tx =>
    resultRows<{ kind: string, id: string }>(await tx.execute(sql`select kind, id from search_records(${q}, 50)`)))
}

/**
 * Rows enough for the planner to choose as it does at scale: `orgA` grows large, and many
 * small organizations sit beside it. Returns nothing; the statistics are refreshed.
 */
async function fillTenants(largeOrgId: string, largeRows: number, count: number, rowsEach: number) {
  const { db } = await useDatabaseHandle()
  await db.execute(sql`
    with orgs as (
      insert into organizations (id, name)
      select gen_random_uuid(), 'Filler ' || g from generate_series(1, ${count}) g returning id
    ), large as (
      insert into contacts (org_id, id, first_name, last_name)
      select ${largeOrgId}::uuid, gen_random_uuid(), 'Kunde' || g, 'Nummer' || g from generate_series(1, ${largeRows}) g returning 1
    ), large_firms as (
      insert into companies (org_id, id, name)
      select ${largeOrgId}::uuid, gen_random_uuid(), 'Kundenfirma ' || g from generate_series(1, ${largeRows}) g returning 1
    ), large_deals as (
      insert into deals (org_id, id, title, pipeline_id, stage_id)
      select ${largeOrgId}::uuid, gen_random_uuid(), 'Kundenauftrag ' || g, p.id, gen_random_uuid()
      from generate_series(1, ${largeRows}) g, (select id from pipelines where org_id = ${largeOrgId}::uuid limit 1) p returning 1
    ), pipes as (
      insert into pipelines (org_id, id, name, stages)
      select id, gen_random_uuid(), 'P', '[]'::jsonb from orgs returning org_id, id
    ), people as (
      insert into contacts (org_id, id, first_name, last_name, email)
      select o.id, gen_random_uuid(), 'Vorname' || g, 'Nachname' || g, 'person' || g || '@filler.example'
      from orgs o, generate_series(1, ${rowsEach}) g returning 1
    ), firms as (
      insert into companies (org_id, id, name, website)
      select o.id, gen_random_uuid(), 'Firma ' || g || ' GmbH', 'https://firma' || g || '.example'
      from orgs o, generate_series(1, ${rowsEach}) g returning 1
    )
    insert into deals (org_id, id, title, pipeline_id, stage_id)
    select p.org_id, gen_random_uuid(), 'Auftrag ' || g, p.id, gen_random_uuid()
    from pipes p, generate_series(1, ${rowsEach}) g`)
  // VACUUM also empties the GIN pending lists, which the planner would otherwise cost as scans.
  await db.execute(sql`vacuum analyze contacts, companies, deals`)
}

beforeAll(async () => {
  orgA = await seed('search-a', 60)
  orgB = await seed('search-b', 30)
  await fillTenants(orgA, 3000, 40, 150)
})

afterAll(closeDatabase)

describe('search_records()', () => {
  it('reaches the trigram indexes with row-level security on', async () => {
    // Under RLS a trigram condition may not drive an index scan (its operators are not
    // LEAKPROOF); this counts, within one transaction, the scans each search index serves.
    const { db } = await useDatabaseHandle()
    const scans = await runAsTenant(db, orgA, async (tx) => {
      const hits = resultRows(await tx.execute(sql`select * from search_records('müller', 50)`))
      expect(hits.length).toBeGreaterThan(0)
      return resultRows<{ name: string, scans: string | number }>(await tx.execute(sql`
        select c.relname as name, pg_stat_get_xact_numscans(c.oid) as scans from pg_class c
        where c.relname in ('contacts_search_idx', 'companies_search_idx', 'deals_search_idx')`))
    })
    const byIndex = Object.fromEntries(scans.map(r => [r.name, Number(r.scans)]))
    for (const index of SEARCH_INDEXES) expect(byIndex[index], index).toBeGreaterThan(0)
  })

  it('finds only rows of the transaction\'s organization, and nothing without one', async () => {
    const { db } = await useDatabaseHandle()
    const idsOf = async (table: string, orgId: string) =>
      new Set(resultRows<{ id: string }>(await db.execute(sql`select id from ${sql.identifier(table)} where org_id = ${orgId}`)).map(r => r.id))
    const own = new Set([...await idsOf('contacts', orgA), ...await idsOf('companies', orgA), ...await idsOf('deals', orgA)])
    // Common letters, so both organizations have plenty of matches.
    for (const q of ['er', 'an', 'gmbh', '.de']) {
      const hits = await searchAs(orgA, q)
      expect(hits.length, q).toBeGreaterThan(0)
      expect(hits.filter(h => !own.has(h.id)), q).toEqual([])
    }
    expect((await searchAs(orgB, 'er')).some(h => own.has(h.id))).toBe(false)

    const withoutTenant = resultRows(await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'pulse_app', true)`)
      return tx.execute(sql`select * from search_records('er', 50)`)
    }))
    expect(withoutTenant).toEqual([])
  })

  it('cannot be redirected to another tenant by its arguments', async () => {
    // The only inputs are the text and the limit; an org id in the text is just text.
    expect(await searchAs(orgA, orgB)).toEqual([])
  })
})

describe('list_match_ids()', () => {
  it('answers list searches along the trigram indexes, inside the tenant only', async () => {
    const { db } = await useDatabaseHandle()
    const [ids, scans, others] = await runAsTenant(db, orgA, async (tx) => {
      const found = resultRows<{ id: string }>(await tx.execute(sql`select list_match_ids('contacts', '%nummer12%', array['%nummer12%', '%kunde%']) as id`))
      const counted = resultRows<{ scans: string | number }>(await tx.execute(sql`select pg_stat_get_xact_numscans('contacts_search_idx'::regclass) as scans`))
      const foreign = resultRows<{ n: number }>(await tx.execute(sql`
        select count(*)::int as n from contacts where id in (select list_match_ids('contacts', '%nachname1%', array['%nachname1%'])) and org_id <> ${orgA}`))
      return [found.map(r => r.id), Number(counted[0]!.scans), Number(foreign[0]!.n)]
    })
    // Kunde12 … Kunde12xx of the large tenant: "Nummer12", "Nummer120"–"Nummer129", "Nummer1200"–"Nummer1299".
    expect(ids).toHaveLength(111)
    expect(scans).toBeGreaterThan(0)
    expect(others).toBe(0)
  })
})
