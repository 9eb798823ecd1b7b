// Fills a PostgreSQL database with a benchmark data set: organizations of skewed sizes
// (one very large, one of exactly 1,000 contacts), each with users, a pipeline,
// companies, contacts, deals and activities, written with COPY for speed.
import type { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Faker, de, en } from '@faker-js/faker'
import type postgres from 'postgres'
import { v7 as uuidv7 } from 'uuid'
import { ACTIVITY_TYPES } from '../shared/domain'
import { defaultPipeline } from '../server/database/pipelines'

export interface Scale {
  name: 'small' | 'full'
  organizations: number
  contacts: number
  /** Contacts of the largest organization ("big"); the second one ("small") always has 1,000. */
  bigContacts: number
}

export const SCALES: Record<Scale['name'], Scale> = {
  small: { name: 'small', organizations: 20, contacts: 20_000, bigContacts: 10_000 },
  full: { name: 'full', organizations: 1_000, contacts: 1_000_000, bigContacts: 100_000 },
}

export const SMALL_TENANT_CONTACTS = 1_000
/** Per contact: companies, deals and activities, as in a sales team's CRM. */
const PER_CONTACT = { companies: 0.2, deals: 0.2, activities: 0.5 }
const HISTORY_MS = 730 * 86_400_000

export const BENCH_PASSWORD = 'bench-passphrase-2026'
/** Sign-in of user `user` (0: the owner, then members) of organization `org`; all share BENCH_PASSWORD. */
export const benchEmail = (org: number, user = 0) => `${user ? `member${user}` : 'owner'}@org-${String(org).padStart(4, '0')}.bench.test`
export const USERS_PER_ORG = 3
export const BENCH_ORG_PREFIX = 'Bench '

/**
 * Contacts per organization: #0 holds `bigContacts`, #1 exactly 1,000, and the rest
 * share the remainder by a power law (a few large tenants, many small ones).
 */
export function organizationSizes(scale: Scale): number[] {
  const rest = scale.organizations - 2
  const remaining = scale.contacts - scale.bigContacts - SMALL_TENANT_CONTACTS
  const weights = Array.from({ length: rest }, (_, i) => 1 / (i + 1) ** 0.7)
  const total = weights.reduce((a, b) => a + b, 0)
  const sizes = weights.map(w => Math.max(10, Math.floor((w / total) * remaining)))
  // Rounding leftovers go to the tail so the total is exact.
  let missing = remaining - sizes.reduce((a, b) => a + b, 0)
  for (let i = sizes.length - 1; missing !== 0; i = (i - 1 + sizes.length) % sizes.length) {
    const step = Math.sign(missing)
    if (sizes[i]! + step >= 10) {
      sizes[i]! += step
      missing -= step
    }
  }
  return [scale.bigContacts, SMALL_TENANT_CONTACTS, ...sizes]
}

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same data. */
function random(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  }
}

type Random = ReturnType<typeof random>

/** Name and word pools drawn once from faker; rows then pick from them cheaply. */
function vocabulary() {
  const faker = new Faker({ locale: [de, en] })
  faker.seed(2026)
  const many = (n: number, make: () => string) => [...new Set(Array.from({ length: n }, make))]
  return {
    firstNames: many(600, () => faker.person.firstName()),
    lastNames: many(1500, () => faker.person.lastName()),
    positions: many(60, () => faker.person.jobTitle()),
    companyWords: many(800, () => faker.company.name()),
    industries: ['Maschinenbau', 'Software', 'Logistik', 'Handel', 'Beratung', 'Energie', 'Medizintechnik', 'Bau', 'Automotive', 'Finanzen'],
    cities: many(300, () => faker.location.city()),
    countries: ['DE', 'DE', 'DE', 'AT', 'CH', 'NL', 'FR', 'PL', 'IT', 'DK'],
    dealWords: ['Rahmenvertrag', 'Lizenz', 'Wartung', 'Pilotprojekt', 'Erweiterung', 'Rollout', 'Schulung', 'Migration', 'Beratung', 'Support'],
    subjects: ['Erstgespräch', 'Angebot nachfassen', 'Demo vereinbaren', 'Vertrag prüfen', 'Rückruf', 'Jahresgespräch', 'Bedarfsanalyse', 'Referenzbesuch'],
    tags: ['vip', 'newsletter', 'partner', 'lead', 'kunde', 'messe'],
  }
}

type Vocabulary = ReturnType<typeof vocabulary>

/** One value in PostgreSQL's COPY text format. */
function field(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '\\N'
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
}

const line = (values: (string | number | null | undefined)[]) => `${values.map(field).join('\t')}\n`

/** Streams rows into one table with COPY, in chunks of about 256 KiB. */
async function copy(sql: postgres.Sql, table: string, columns: string[], rows: Iterable<string>): Promise<void> {
  const stream = await sql.unsafe(`copy ${table} (${columns.join(', ')}) from stdin`).writable()
  async function* chunks() {
    let buffer = ''
    for (const row of rows) {
      buffer += row
      if (buffer.length > 262_144) {
        yield buffer
        buffer = ''
      }
    }
    if (buffer) yield buffer
  }
  await pipeline(chunks(), stream as Writable)
}

const iso = (ms: number) => new Date(ms).toISOString()

interface Org { index: number, id: string, contacts: number }

/** Writes one organization: users, a pipeline, companies, contacts, deals and activities. */
async function writeOrganization(sql: postgres.Sql, org: Org, words: Vocabulary, passwordHash: string, now: number): Promise<number> {
  const rnd: Random = random(org.index + 1)
  const when = () => now - rnd.int(HISTORY_MS)
  const userIds = Array.from({ length: USERS_PER_ORG }, () => uuidv7())
  await sql`insert into organizations (id, name) values (${org.id}, ${`${BENCH_ORG_PREFIX}${String(org.index).padStart(4, '0')} GmbH`})`
  await copy(sql, 'users', ['org_id', 'id', 'email', 'name', 'password_hash', 'role', 'locale'], userIds.map((id, i) => line([
    org.id, id, benchEmail(org.index, i),
    `${rnd.pick(words.firstNames)} ${rnd.pick(words.lastNames)}`, passwordHash, i === 0 ? 'owner' : 'member', 'de',
  ])))
  const pipelineId = uuidv7()
  const { name, stages } = defaultPipeline('de')
  await copy(sql, 'pipelines', ['org_id', 'id', 'name', 'stages', 'position'], [line([org.id, pipelineId, name, JSON.stringify(stages), 0])])

  const companyIds = Array.from({ length: Math.max(1, Math.round(org.contacts * PER_CONTACT.companies)) }, () => uuidv7())
  await copy(sql, 'companies', ['org_id', 'id', 'name', 'industry', 'website', 'phone', 'city', 'country', 'owner_id', 'created_at', 'updated_at'],
    (function* () {
      for (const [i, id] of companyIds.entries()) {
        const name = `${rnd.pick(words.companyWords)} ${i}`
        const at = iso(when())
        yield line([org.id, id, name, rnd.pick(words.industries), `https://www.firma-${org.index}-${i}.example`, `+49 30 ${rnd.int(9_000_000) + 1_000_000}`,
          rnd.pick(words.cities), rnd.pick(words.countries), rnd.pick(userIds), at, at])
      }
    })())

  const contactIds: string[] = []
  await copy(sql, 'contacts', ['org_id', 'id', 'first_name', 'last_name', 'email', 'phone', 'position', 'company_id', 'owner_id', 'tags', 'created_at', 'updated_at'],
    (function* () {
      for (let i = 0; i < org.contacts; i++) {
        const id = uuidv7()
        contactIds.push(id)
        const first = rnd.pick(words.firstNames)
        const last = rnd.pick(words.lastNames)
        const tags = rnd.next() < 0.3 ? `{${rnd.pick(words.tags)}}` : '{}'
        const at = iso(when())
        const email = `${first}.${last}.${i}@kunde-${org.index}.example`.toLowerCase().replace(/[^a-z0-9.@-]/g, '')
        yield line([org.id, id, first, last, email, `+49 171 ${rnd.int(9_000_000) + 1_000_000}`, rnd.pick(words.positions),
          rnd.next() < 0.85 ? rnd.pick(companyIds) : null, rnd.pick(userIds), tags, at, at])
      }
    })())

  const dealIds: string[] = []
  await copy(sql, 'deals', ['org_id', 'id', 'title', 'value', 'currency', 'pipeline_id', 'stage_id', 'status', 'contact_id', 'company_id', 'owner_id', 'expected_close_date', 'closed_at', 'created_at', 'updated_at'],
    (function* () {
      const count = Math.max(1, Math.round(org.contacts * PER_CONTACT.deals))
      for (let i = 0; i < count; i++) {
        const id = uuidv7()
        dealIds.push(id)
        const stage = rnd.pick(stages)
        const created = when()
        const closed = stage.kind === 'open' ? null : iso(created + rnd.int(now - created))
        yield line([org.id, id, `${rnd.pick(words.dealWords)} ${i}`, (rnd.int(20_000_000) / 100).toFixed(2), 'EUR', pipelineId, stage.id, stage.kind,
          rnd.pick(contactIds), rnd.pick(companyIds), rnd.pick(userIds), iso(created + rnd.int(HISTORY_MS / 4)).slice(0, 10), closed, iso(created), iso(created)])
      }
    })())

  const activityCount = Math.max(1, Math.round(org.contacts * PER_CONTACT.activities))
  await copy(sql, 'activities', ['org_id', 'id', 'type', 'subject', 'note', 'due_at', 'completed_at', 'contact_id', 'company_id', 'deal_id', 'owner_id', 'created_at', 'updated_at'],
    (function* () {
      for (let i = 0; i < activityCount; i++) {
        const created = when()
        const done = rnd.next() < 0.6
        yield line([org.id, uuidv7(), rnd.pick(ACTIVITY_TYPES), rnd.pick(words.subjects), null, iso(created + rnd.int(14 * 86_400_000)),
          done ? iso(created + rnd.int(7 * 86_400_000)) : null, rnd.pick(contactIds), rnd.pick(companyIds), rnd.next() < 0.5 ? rnd.pick(dealIds) : null,
          rnd.pick(userIds), iso(created), iso(created)])
      }
    })())
  return org.contacts + companyIds.length + dealIds.length + activityCount
}

export interface Generated {
  organizations: { id: string, contacts: number }[]
  rows: number
  seconds: number
}

/**
 * Writes the data set of `scale` into an empty, migrated database through `sql` (a
 * superuser or table owner: COPY runs without row-level security). Two organizations
 * are written at a time. `record_counts` follows from its statement triggers, which
 * COPY fires like any insert; `verifyRecordCounts` checks that afterwards.
 */
export async function generate(sql: postgres.Sql, scale: Scale, passwordHash: string, progress: (message: string) => void): Promise<Generated> {
  const started = performance.now()
  const words = vocabulary()
  const now = Date.now()
  const orgs: Org[] = organizationSizes(scale).map((contacts, index) => ({ index, id: uuidv7(), contacts }))
  let next = 0
  let rows = 0
  let contactsDone = 0
  let lastReport = 0
  const worker = async () => {
    while (next < orgs.length) {
      const org = orgs[next++]!
      const written = await writeOrganization(sql, org, words, passwordHash, now)
      rows += written
      contactsDone += org.contacts
      if (contactsDone - lastReport >= scale.contacts / 20 || contactsDone === scale.contacts) {
        lastReport = contactsDone
        const seconds = (performance.now() - started) / 1000
        progress(`  ${contactsDone.toLocaleString('en')} / ${scale.contacts.toLocaleString('en')} contacts, ${rows.toLocaleString('en')} rows, ${seconds.toFixed(0)} s (${Math.round(rows / seconds).toLocaleString('en')} rows/s)`)
      }
    }
  }
  await Promise.all([worker(), worker()])
  progress('  vacuum analyze (visibility map for index-only scans, planner statistics)')
  for (const table of ['organizations', 'users', 'pipelines', 'companies', 'contacts', 'deals', 'activities', 'record_counts']) {
    await sql.unsafe(`vacuum analyze ${table}`)
  }
  return { organizations: orgs.map(o => ({ id: o.id, contacts: o.contacts })), rows, seconds: (performance.now() - started) / 1000 }
}

/** Compares `record_counts` with real counts; returns the mismatches (none expected). */
export async function verifyRecordCounts(sql: postgres.Sql): Promise<string[]> {
  const rows = await sql<{ entity: string, org_id: string, kept: number | null, real: number }[]>`
    with real as (
      select 'contacts' as entity, org_id, count(*)::int as n from contacts group by org_id
      union all select 'companies', org_id, count(*)::int from companies group by org_id
      union all select 'deals', org_id, count(*)::int from deals group by org_id
      union all select 'activities', org_id, count(*)::int from activities group by org_id
    )
    select r.entity, r.org_id, c.count as kept, r.n as real
      from real r left join record_counts c on c.org_id = r.org_id and c.entity = r.entity
     where c.count is distinct from r.n`
  return rows.map(r => `${r.entity} of ${r.org_id}: kept ${r.kept ?? 'none'}, real ${r.real}`)
}
