import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { contactListQuery, dealListQuery } from '../../shared/schemas'

// The plans of the list and search queries in a large tenant, read as the runtime role
// under row-level security after ANALYZE: each must walk an index of the tenant, never
// scan a tenant table. (The benchmark, bench/README.md, measures the same at 100,000.)
const databaseUrl = inject('databaseUrl')
process.env.DATABASE_URL = databaseUrl
process.env.PGLITE_DIR = 'memory://'
process.env.PULSE_SEED_DEMO = 'never'

const { useDatabaseHandle, closeDatabase } = await import('../../server/utils/db')
const { runAsTenant } = await import('../../server/database/transaction')
const { resultRows } = await import('../../server/database/client')
const { list: listContacts, pageQuery } = await import('../../server/services/contacts')
const { pageQuery: dealPageQuery } = await import('../../server/services/deals')
const { companyMatchQuery, contactMatchQuery } = await import('../../server/services/duplicates')

const TENANT_TABLES = ['contacts', 'companies', 'deals', 'activities']
const BIG = 4_000
// The large tenant holds a tenth of the rows, as the largest of many tenants does.
const OTHERS = 9
const OTHER_SIZE = 4_000

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  'Index Name'?: string
  'Index Cond'?: string
  'Filter'?: string
  'Actual Rows'?: number
  'Rows Removed by Filter'?: number
  'Plans'?: PlanNode[]
}
const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)]
const seqScans = (plan: PlanNode) => nodes(plan).filter(n => n['Node Type'] === 'Seq Scan' && TENANT_TABLES.includes(n['Relation Name'] ?? ''))
const indexesUsed = (plan: PlanNode) => nodes(plan).map(n => n['Index Name']).filter(Boolean)

/** An organization with `size` contacts and a quarter as many companies, deals and activities, written in bulk. */
async function organization(size: number): Promise<string> {
  const { db } = await useDatabaseHandle()
  const [org] = resultRows<{ id: string }>(await db.execute(sql`insert into organizations (id, name) values (gen_random_uuid(), 'Plan GmbH') returning id`))
  const orgId = org!.id
  await db.execute(sql`insert into pipelines (org_id, id, name, stages) values (${orgId}, gen_random_uuid(), 'Vertrieb', '[{"id":"01900000-0000-7000-8000-0000000000a1","name":"Neu","kind":"open","probability":10,"position":0}]')`)
  // Surnames repeat as in a real list: "schmidt" matches one contact in 40.
  await db.execute(sql`
    insert into contacts (org_id, id, first_name, last_name, email, phone)
    select ${orgId}, gen_random_uuid(), (array['Anna','Jonas','Lea','Paul','Mia','Felix','Emma','Noah'])[1 + i % 8],
           (array['Schmidt','Müller','Weber','Becker','Wagner','Hoffmann','Koch','Richter','Klein','Wolf','Schäfer','Bauer',
             'Schulz','Neumann','Schwarz','Zimmermann','Braun','Krüger','Hartmann','Lange'])[1 + i % 20] || ' ' || (array['a','b'])[1 + i % 2] || (i / 40)::text,
           'person' || i || '@plan.example', '+49 30 ' || i
      from generate_series(1, ${size}) as i`)
  await db.execute(sql`
    insert into companies (org_id, id, name, city, website)
    select ${orgId}, gen_random_uuid(), 'Firma ' || i || ' GmbH', (array['Berlin','Hamburg','München','Köln'])[1 + i % 4], 'https://firma' || i || '.example'
      from generate_series(1, ${size / 4}) as i`)
  await db.execute(sql`
    insert into deals (org_id, id, title, pipeline_id, stage_id)
    select ${orgId}, gen_random_uuid(), 'Auftrag ' || i, p.id, '01900000-0000-7000-8000-0000000000a1'
      from generate_series(1, ${size / 4}) as i, (select id from pipelines where org_id = ${orgId}) as p`)
  await db.execute(sql`
    insert into activities (org_id, id, type, subject)
    select ${orgId}, gen_random_uuid(), 'call', 'Rückruf ' || i from generate_series(1, ${size / 4}) as i`)
  return orgId
}

/** The JSON plan of a statement, explained as the tenant under row-level security. */
async function explain(orgId: string, statement: (tx: Parameters<Parameters<typeof runAsTenant>[2]>[0]) => Parameters<typeof sql>[1], options = { analyze: false }): Promise<PlanNode> {
  const { db } = await useDatabaseHandle()
  const how = sql.raw(options.analyze ? 'analyze, format json' : 'format json')
  const rows = await runAsTenant(db, orgId, async tx => resultRows<{ 'QUERY PLAN': unknown }>(await tx.execute(sql`explain (${how}) ${statement(tx)}`)))
  const plan = rows[0]!['QUERY PLAN']
  return (typeof plan === 'string' ? JSON.parse(plan) : plan)[0].Plan as PlanNode
}

let big: string

beforeAll(async () => {
  big = await organization(BIG)
  for (let i = 0; i < OTHERS; i++) await organization(OTHER_SIZE)
  const { db } = await useDatabaseHandle()
  // Duplicate detection's keys, roughly as the server writes them (what matters here is that most are distinct).
  await db.execute(sql`update contacts set email_key = lower(email), phone_key = '+4930' || regexp_replace(phone, '[^0-9]', '', 'g'),
    name_key = least(lower(first_name), lower(last_name)) || '|' || greatest(lower(first_name), lower(last_name))`)
  await db.execute(sql`update companies set domain_key = substring(website from '://([^/]+)'), name_key = lower(replace(name, ' GmbH', ''))`)
  // As autovacuum would: statistics for the planner, and the visibility map for index-only scans.
  for (const table of TENANT_TABLES) await db.execute(sql.raw(`vacuum analyze ${table}`))
}, 120_000)

afterAll(closeDatabase)

describe('list plans in a large tenant', () => {
  it('reads page 1 sorted by name along the (org_id, last_name, first_name, id) index', async () => {
    const plan = await explain(big, tx => pageQuery(tx, big, contactListQuery.parse({ sort: 'lastName,firstName' })))
    expect(seqScans(plan)).toEqual([])
    expect(indexesUsed(plan)).toContain('contacts_org_name_idx')
  })

  it('reads a deal page with its stage entry and next activity along the (org_id, deal_id) indexes', async () => {
    const plan = await explain(big, tx => dealPageQuery(tx, big, dealListQuery.parse({ sort: '-updatedAt' })))
    expect(seqScans(plan)).toEqual([])
    expect(indexesUsed(plan)).toEqual(expect.arrayContaining(['deals_org_updated_idx', 'activities_org_deal_idx', 'deal_stage_history_org_deal_idx']))
  })

  it('reads a deep page along the same index, without a scan or a sort of the tenant', async () => {
    const plan = await explain(big, tx => pageQuery(tx, big, contactListQuery.parse({ sort: 'lastName,firstName', page: String(BIG / 20 / 2) })))
    expect(seqScans(plan)).toEqual([])
    expect(indexesUsed(plan)).toContain('contacts_org_name_idx')
  })

  it('reads a deep page by cursor from the cursor on, along the index: no scan from the start, no sort', async () => {
    const ctx = { orgId: big, userId: null, role: 'viewer', actorType: 'system' } as const
    const deep = await listContacts(ctx, contactListQuery.parse({ sort: 'lastName,firstName', page: String(BIG / 20 / 2) }))
    expect(deep.meta.nextCursor).toEqual(expect.any(String))
    const query = contactListQuery.parse({ sort: 'lastName,firstName', after: deep.meta.nextCursor })
    const plan = await explain(big, tx => pageQuery(tx, big, query), { analyze: true })
    expect(seqScans(plan)).toEqual([])
    // Only the page itself is sorted (its rows after the join), never the tenant.
    for (const sort of nodes(plan).filter(n => n['Node Type'] === 'Sort')) expect(sort['Actual Rows']).toBeLessThanOrEqual(21)
    const scan = nodes(plan).find(n => n['Index Name'] === 'contacts_org_name_idx')!
    expect(['Index Only Scan', 'Index Scan']).toContain(scan['Node Type'])
    // The seek is the index condition (a row comparison), so the scan reads only the page
    // and the one row after it, not every row before the cursor.
    expect(scan['Index Cond']).toMatch(/ROW\(last_name, first_name, id\) >/)
    expect(scan['Actual Rows']).toBeLessThanOrEqual(21)
    expect(scan['Rows Removed by Filter'] ?? 0).toBe(0)
    // And it is the page that follows page 100.
    const next = await listContacts(ctx, query)
    const byNumber = await listContacts(ctx, contactListQuery.parse({ sort: 'lastName,firstName', page: String(BIG / 20 / 2 + 1) }))
    expect(next.data.map(c => c.id)).toEqual(byNumber.data.map(c => c.id))
  })
})

describe('duplicate lookups in a large tenant', () => {
  it('reads a contact\'s look-alikes by email, phone and name along the (org_id, key) indexes', async () => {
    const look = { emailKey: 'person17@plan.example', phoneKey: '+493017', nameKey: 'anna|schmidt a0' }
    const plan = await explain(big, tx => contactMatchQuery(tx, big, look, '01900000-0000-7000-8000-000000000000')!)
    expect(seqScans(plan)).toEqual([])
    expect(indexesUsed(plan)).toEqual(expect.arrayContaining(['contacts_org_email_key_idx', 'contacts_org_phone_key_idx', 'contacts_org_name_key_idx']))
  })

  it('reads a company\'s look-alikes by domain and name along the (org_id, key) indexes', async () => {
    const plan = await explain(big, tx => companyMatchQuery(tx, big, { domainKey: 'firma17.example', nameKey: 'firma 17' })!)
    expect(seqScans(plan)).toEqual([])
    expect(indexesUsed(plan)).toEqual(expect.arrayContaining(['companies_org_domain_key_idx', 'companies_org_name_key_idx']))
  })
})

// The text searches run inside SECURITY DEFINER functions (search_records, list_match_ids),
// whose statements EXPLAIN cannot show; auto_explain logs them, with their plans, to the
// client. PGlite ships without auto_explain, so these run on PostgreSQL only.
describe.runIf(databaseUrl)('search plans in a large tenant (PostgreSQL)', () => {
  async function nestedPlans(orgId: string, statement: string, parameters: string[]): Promise<PlanNode[]> {
    const plans: PlanNode[] = []
    const client = postgres(databaseUrl, {
      max: 1,
      onnotice: (notice) => {
        const message = notice.message ?? ''
        const at = message.indexOf('{')
        if (message.startsWith('duration:') && at >= 0) plans.push(JSON.parse(message.slice(at)).Plan)
      },
    })
    try {
      await client.begin(async (tx) => {
        await tx.unsafe(`load 'auto_explain'`)
        await tx.unsafe(`set local auto_explain.log_min_duration = 0; set local auto_explain.log_nested_statements = on;
          set local auto_explain.log_format = 'json'; set local client_min_messages = 'log'`)
        await tx`select set_config('role', 'pulse_app', true), set_config('app.org_id', ${orgId}, true)`
        await tx.unsafe(statement, parameters)
      })
    }
    finally {
      await client.end()
    }
    return plans
  }

  it('searches contacts, companies, deals and activities through their trigram indexes', async () => {
    const plans = await nestedPlans(big, 'select * from search_records($1, 10)', ['schmidt'])
    expect(plans.length).toBeGreaterThan(1)
    expect(plans.flatMap(seqScans)).toEqual([])
    expect(plans.flatMap(indexesUsed)).toContain('contacts_search_idx')
  })

  it('plans search_records\' statements for the tenant at hand on every call, never with one generic plan', async () => {
    // After five calls on one connection PL/pgSQL may switch to a generic plan that does not know
    // the organization: for a 100,000-contact tenant it read the whole tenant (470-660 ms instead of
    // 10-16 ms). Migration 0023 pins custom plans to the function.
    const client = postgres(databaseUrl, { max: 1, onnotice: () => {} })
    try {
      const [fn] = await client<{ config: string[] | null }[]>`select proconfig as config from pg_proc where proname = 'search_records'`
      expect(fn?.config).toContain('plan_cache_mode=force_custom_plan')
      // Called repeatedly on one connection, as a pooled server does, the plans stay on the trigram index.
      const plans = await nestedPlans(big, Array.from({ length: 8 }, () => 'select * from search_records(\'schmidt\', 10)').join(';'), [])
      expect(plans.flatMap(seqScans)).toEqual([])
      expect(plans.length).toBeGreaterThan(8)
    }
    finally {
      await client.end()
    }
  })

  it('answers a list search (q) through the trigram index', async () => {
    const plans = await nestedPlans(big, `select * from list_match_ids('contacts', $1, array[$1])`, ['%schmidt%'])
    expect(plans.flatMap(seqScans)).toEqual([])
    expect(plans.flatMap(indexesUsed)).toContain('contacts_search_idx')
  })
})
