// Demo data for one organization: a German B2B sales team with European customers.
// Plain relative imports only: the dev server and the `tsx scripts/db-seed.ts` CLI both load this module.
import { Faker, base, de, en } from '@faker-js/faker'
import { sql } from 'drizzle-orm'
import type { PgInsertValue, PgTable } from 'drizzle-orm/pg-core'
import { v7 as uuidv7 } from 'uuid'
import { companyKeys, contactKeys } from '../../../shared/duplicate-keys'
import { activities, auditLogs, companies, contacts, deals, dealStageHistory, organizations, pipelines, users } from '../../../drizzle/schema'
import type { ActivityType } from '../../../shared/domain'
import type { PipelineStage } from '../../../shared/schemas'
import type { Database, Transaction } from '../client'
import { resultRows } from '../client'
import { runAsTenant } from '../transaction'
import { DEMO_OWNER_EMAIL, DEMO_PASSWORD } from '../demo-login'
import { defaultPipeline } from '../pipelines'
import { BRAND_HEADS, BRAND_TAILS, type City, CLIENTS, COUNTRIES, type CountryProfile, FAKER_LOCALES, FREEMAIL, GERMAN_FIRST_NAMES, GERMAN_SURNAMES, INDUSTRIES, type Industry, type NameOrigin, NOTES, POSITIONS_DE, POSITIONS_EN, PRODUCTS, type Sex, SUBJECTS, TAGS, TEAM } from './words'

export interface SeedOptions {
  orgName?: string
  contacts?: number
  companies?: number
  /** Faker seed: the same seed gives the same names, companies and structure (dates stay relative to now). */
  seed?: number
  ownerEmail?: string
  ownerPassword?: string
  hashPassword: (plain: string) => Promise<string>
  /** Reference time for all relative dates; tests pin it, everyone else leaves it out. */
  now?: Date
}

export interface SeedResult {
  orgId: string
  orgName: string
  ownerEmail: string
  ownerPassword: string
  counts: { users: number, companies: number, contacts: number, deals: number, activities: number }
}

const DEFAULTS = {
  orgName: 'Pulse Demo GmbH',
  contacts: 250,
  companies: 80,
  seed: 42,
  ownerEmail: DEMO_OWNER_EMAIL,
  ownerPassword: DEMO_PASSWORD,
} as const

// About 120 deals and 400 activities per 250 contacts; other sizes scale alike.
const DEALS_PER_CONTACT = 120 / 250
const ACTIVITIES_PER_CONTACT = 400 / 250
const BATCH_SIZE = 500
/** Per open stage (by position): age in days and expected close in days from now. */
const OPEN_STAGE_TIMING: ReadonlyArray<{ age: readonly [number, number], closeIn: readonly [number, number] }> = [
  { age: [0, 75], closeIn: [30, 120] },
  { age: [7, 120], closeIn: [14, 100] },
  { age: [14, 180], closeIn: [-20, 75] },
  { age: [21, 240], closeIn: [-60, 45] },
]
const DAY = 86_400_000
const HOUR = 3_600_000
/** The organization "exists" this long, so lists, charts and audit trails have history. */
const HISTORY_DAYS = 540

// ---------------------------------------------------------------------------------------------
// Randomness and text helpers
// ---------------------------------------------------------------------------------------------

/** Thin wrapper so generation code reads as intent, all drawn from one seeded stream. */
class Random {
  constructor(readonly faker: Faker) {}
  int(min: number, max: number): number {
    return this.faker.number.int({ min, max })
  }

  /** Uniform in [0, 1). */
  unit(): number {
    return this.faker.number.float({ min: 0, max: 1 })
  }

  chance(probability: number): boolean {
    return this.unit() < probability
  }

  pick<T>(list: readonly T[]): T {
    return this.faker.helpers.arrayElement(list)
  }

  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    return this.faker.helpers.weightedArrayElement(entries.map(([value, weight]) => ({ value, weight })))
  }

  digits(count: number): string {
    return this.faker.string.numeric({ length: count, allowLeadingZeros: false })
  }

  /** A time between two instants; skew > 1 leans towards `to` (recent), < 1 towards `from`. */
  between(from: number, to: number, skew = 1): number {
    if (to <= from) return from
    return to - (to - from) * this.unit() ** skew
  }
}

/** ASCII for e-mail addresses and domains: umlauts as German writes them, other accents dropped. */
function asciiSlug(text: string): string {
  const replaced = text.toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .replace(/ø/g, 'oe').replace(/æ/g, 'ae').replace(/å/g, 'aa').replace(/ł/g, 'l').replace(/ı/g, 'i').replace(/đ/g, 'd')
  return replaced.normalize('NFD').replace(/[\u0300-\u036F]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
}

const emailPart = (text: string) => asciiSlug(text).replace(/-/g, '')

/** International format as people write it: "+49 30 12345678", "+33 1 42 68 53 00", "+41 44 496 21 12". */
function formatPhone(profile: CountryProfile, { area, subscriber }: PhoneNumber): string {
  // Threes never leave a lone digit at the end: "836 8620", "682 019 85".
  const groups: Record<CountryProfile['phoneDigits']['grouping'], RegExp> = { none: /.+/g, pairs: /.{1,2}/g, threes: /.{3}(?!.$)|.+$/g, swiss: /^.{3}|.{1,2}/g }
  const grouped = subscriber.match(groups[profile.phoneDigits.grouping])?.join(' ') ?? subscriber
  // Area codes are listed without the trunk 0, except Italy's, which keeps it after +39.
  return `+${profile.dial} ${area} ${grouped}`
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max)

/**
 * Moves a time onto a weekday between 8 and 18 o'clock, where sales work happens. With
 * `notAfter` (the past) weekends go back to Friday and the result stays before it; without
 * (the future) they go on to Monday.
 */
function withWorkingHours(time: number, rng: Random, notAfter?: number): number {
  const d = new Date(time)
  const day = d.getDay()
  if (day === 6) d.setDate(d.getDate() + (notAfter === undefined ? 2 : -1))
  if (day === 0) d.setDate(d.getDate() + (notAfter === undefined ? 1 : -2))
  d.setHours(rng.int(8, 17), rng.pick([0, 0, 15, 30, 30, 45]), 0, 0)
  return notAfter === undefined ? d.getTime() : Math.min(d.getTime(), notAfter - rng.int(5, 90) * 60_000)
}

/** The demo organization was founded on a weekday morning 18 months ago. */
function foundedAt(now: number): number {
  const d = new Date(now - HISTORY_DAYS * DAY)
  while (d.getDay() === 0 || d.getDay() === 6) d.setDate(d.getDate() - 1)
  d.setHours(9, 0, 0, 0)
  return d.getTime()
}

function isoDay(time: number): string {
  const d = new Date(time)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** Exact decimal from integer cents: money never passes through a float. */
const money = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`

/** UUIDv7 whose embedded time is the row's createdAt, so id order and creation order agree. */
const idAt = (time: number) => uuidv7({ msecs: Math.round(time) })

async function insertInBatches<T extends PgTable>(tx: Transaction, table: T, rows: PgInsertValue<T>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH_SIZE) {
    await tx.insert(table).values(rows.slice(i, i + BATCH_SIZE))
  }
}

// ---------------------------------------------------------------------------------------------
// Generation (pure: builds rows in memory, the transaction below only inserts them)
// ---------------------------------------------------------------------------------------------

type NewUser = typeof users.$inferInsert
type NewCompany = typeof companies.$inferInsert
type NewContact = typeof contacts.$inferInsert
type NewDeal = typeof deals.$inferInsert
type NewActivity = typeof activities.$inferInsert
type NewAuditLog = typeof auditLogs.$inferInsert
type NewStageStay = typeof dealStageHistory.$inferInsert

interface SeedUser { id: string, row: NewUser }
interface SeedCompany { id: string, createdAt: number, ownerId: string, profile: CountryProfile, domain: string, shortName: string, phone: PhoneNumber, row: NewCompany }
interface PhoneNumber { area: string, subscriber: string }
interface SeedContact { id: string, createdAt: number, ownerId: string, company: SeedCompany | null, lastName: string, row: NewContact }
interface SeedDeal { id: string, createdAt: number, closedAt: number | null, ownerId: string, contact: SeedContact, row: NewDeal }
/** What an activity is about; unset fields mean an internal to-do. */
interface Anchor { deal?: SeedDeal, contact?: SeedContact, company?: SeedCompany }

class DemoGenerator {
  private readonly rng: Random
  private readonly people: Record<NameOrigin, Faker>
  private readonly usedEmails = new Set<string>()

  constructor(seed: number, private readonly now: number, private readonly orgId: string, private readonly orgCreated: number) {
    this.rng = new Random(new Faker({ locale: [de, en, base], seed }))
    // One faker per locale, each with its own seeded stream, so adding a locale never reshuffles the others.
    const origins = Object.keys(FAKER_LOCALES) as NameOrigin[]
    this.people = Object.fromEntries(origins.map((origin, i) => [origin, new Faker({ locale: [FAKER_LOCALES[origin], en, base], seed: seed * 31 + i + 1 })])) as Record<NameOrigin, Faker>
  }

  users(emailDomain: string, passwordHash: string, ownerEmail: string): SeedUser[] {
    return TEAM.map((member, i) => {
      const createdAt = i === 0 ? this.orgCreated : withWorkingHours(this.orgCreated + this.rng.int(1, 40) * DAY, this.rng, this.now)
      const email = i === 0 ? ownerEmail : `${emailPart(member.first)}.${emailPart(member.last)}@${emailDomain}`
      const id = idAt(createdAt)
      return {
        id,
        row: {
          orgId: this.orgId, id, email, name: `${member.first} ${member.last}`, passwordHash, role: member.role, locale: member.locale, timeZone: 'Europe/Berlin',
          // Colleagues have used the app; the owner signs in for the first time with the demo login.
          lastLoginAt: i === 0 ? null : new Date(this.now - this.rng.int(1, 72) * HOUR),
          createdAt: new Date(createdAt), updatedAt: new Date(createdAt),
        },
      }
    })
  }

  companies(count: number, sellerIds: readonly string[]): SeedCompany[] {
    const names = new Set<string>()
    const domains = new Set<string>()
    const result: SeedCompany[] = []
    for (let i = 0; i < count; i++) {
      const profile = this.rng.weighted(COUNTRIES)
      const industry = this.rng.pick(INDUSTRIES)
      const place = this.rng.pick(profile.cities)
      let shortName = this.companyName(profile, industry, place)
      while (names.has(shortName)) shortName = this.companyName(profile, industry, place)
      names.add(shortName)
      const legal = shortName.startsWith('Stadtwerke') ? 'GmbH' : this.rng.weighted(profile.legalForms)
      // Domains take the first two words, the way most firms register them.
      const base = asciiSlug(shortName.split(/\s+/).filter(w => w !== '&').slice(0, 2).join(' '))
      let domain = `${base}.${profile.tld}`
      for (let n = 2; domains.has(domain); n++) domain = `${base}${n}.${profile.tld}`
      domains.add(domain)
      // A quarter arrived with the initial CSV import on day one; the rest trickled in since.
      const createdAt = this.rng.chance(0.25)
        ? this.orgCreated + this.rng.int(1, 6) * HOUR
        : Math.max(this.orgCreated + DAY, withWorkingHours(this.rng.between(this.orgCreated + DAY, this.now, 0.8), this.rng, this.now))
      const updatedAt = this.rng.chance(0.4) ? createdAt : withWorkingHours(this.rng.between(createdAt, this.now, 0.6), this.rng, this.now)
      const ownerId = this.rng.pick(sellerIds)
      const id = idAt(createdAt)
      const phone = this.landline(profile, place)
      const street = this.people[this.streetOrigin(profile)].location.street()
      result.push({
        id, createdAt, ownerId, profile, domain, shortName, phone,
        row: {
          orgId: this.orgId, id, name: `${shortName} ${legal}`, industry: industry.name, website: `https://www.${domain}`, phone: formatPhone(profile, phone),
          street: profile.code === 'FR' || profile.code === 'GB' ? `${this.rng.int(1, 140)} ${street}` : `${street} ${this.houseNumber()}`,
          postalCode: this.rng.pick(place.postalCodes), city: place.name, country: profile.code, ownerId,
          createdAt: new Date(createdAt), updatedAt: new Date(Math.max(updatedAt, createdAt)),
        },
      })
    }
    return result
  }

  contacts(count: number, companyList: readonly SeedCompany[], sellerIds: readonly string[]): SeedContact[] {
    // Most contacts work at a known company; every company gets at least one, big accounts several.
    const withCompany = companyList.length === 0 ? 0 : Math.round(count * 0.93)
    const sizes = companyList.map(() => this.rng.pick([1, 1, 1, 2, 2, 3, 5, 8]))
    const employers: Array<SeedCompany | null> = []
    const shuffled = this.rng.faker.helpers.shuffle([...companyList])
    for (let i = 0; i < withCompany; i++) {
      employers.push(i < shuffled.length ? shuffled[i]! : this.rng.weighted(companyList.map((c, k) => [c, sizes[k]!] as const)))
    }
    while (employers.length < count) employers.push(null)

    const firstAtCompany = new Set<string>()
    return employers.map((company) => {
      const origin = this.rng.weighted(company?.profile.names ?? COUNTRIES[0]![0].names)
      const sex: Sex = this.rng.chance(0.42) ? 'female' : 'male'
      const { first, last } = this.personName(origin, sex)
      let createdAt: number
      const from = company?.createdAt ?? this.orgCreated + DAY
      if (company && !firstAtCompany.has(company.id)) {
        // The first contact was entered together with the company.
        firstAtCompany.add(company.id)
        createdAt = clamp(from + this.rng.int(1, 30) * 60_000, from, this.now)
      }
      else {
        createdAt = clamp(withWorkingHours(this.rng.between(from + HOUR, this.now, 0.9), this.rng, this.now), from, this.now)
      }
      const updatedAt = this.rng.chance(0.5) ? createdAt : Math.max(createdAt, withWorkingHours(this.rng.between(createdAt, this.now, 0.5), this.rng, this.now))
      const ownerId = company && this.rng.chance(0.8) ? company.ownerId : this.rng.pick(sellerIds)
      const id = idAt(createdAt)
      return {
        id, createdAt, ownerId, company, lastName: last,
        row: {
          orgId: this.orgId, id, firstName: first, lastName: last,
          email: this.rng.chance(0.95) ? this.contactEmail(first, last, company) : null,
          phone: this.contactPhone(company),
          position: this.position(company?.profile ?? null, sex),
          companyId: company?.id ?? null,
          ownerId,
          tags: this.tags(),
          createdAt: new Date(createdAt), updatedAt: new Date(updatedAt),
        },
      }
    })
  }

  deals(count: number, contactList: readonly SeedContact[], pipelineId: string, stages: readonly PipelineStage[]): SeedDeal[] {
    if (contactList.length === 0) return []
    // B2B deals hang off company contacts; a few are with freelancers or private buyers.
    const atCompanies = contactList.filter(c => c.company)
    const stageWeights = [26, 20, 16, 10, 18, 10] // funnel: more deals early, a fair share won, fewer lost
    const result: SeedDeal[] = []
    for (let i = 0; i < count; i++) {
      const contact = atCompanies.length > 0 && this.rng.chance(0.95) ? this.rng.pick(atCompanies) : this.rng.pick(contactList)
      const stage = this.rng.weighted(stages.map((s, k) => [s, stageWeights[k] ?? 5] as const))
      const [product, minEuro, maxEuro] = this.rng.pick(PRODUCTS)
      const company = contact.company
      const ownerId = company && this.rng.chance(0.75) ? company.ownerId : contact.ownerId

      let createdAt: number
      let closedAt: number | null = null
      let expected: number
      if (stage.kind === 'open') {
        // Later stages have been in the pipeline longer and are expected to close sooner (or have slipped).
        const step = Math.min(stage.position, OPEN_STAGE_TIMING.length - 1)
        const { age, closeIn } = OPEN_STAGE_TIMING[step]!
        createdAt = withWorkingHours(this.now - this.rng.int(age[0], age[1]) * DAY, this.rng, this.now)
        expected = this.now + this.rng.int(closeIn[0], closeIn[1]) * DAY
      }
      else {
        // Closed deals closed recently, so their planned close date stays within the last 60 days.
        closedAt = withWorkingHours(this.now - this.rng.int(1, 70) * DAY, this.rng, this.now)
        createdAt = withWorkingHours(closedAt - this.rng.int(20, 200) * DAY, this.rng, this.now)
        expected = closedAt + this.rng.int(-10, 14) * DAY
      }
      // A deal never predates its contact: move it into the contact's lifetime.
      const earliest = contact.createdAt + Math.min(HOUR, (this.now - contact.createdAt) / 2)
      if (createdAt < earliest) createdAt = earliest + (this.now - earliest) * 0.2 * this.rng.unit()
      if (closedAt !== null && closedAt <= createdAt) {
        closedAt = createdAt + (this.now - createdAt) * (0.4 + 0.5 * this.rng.unit())
        expected = closedAt
      }
      const expectedClose = clamp(expected, this.now - 60 * DAY, this.now + 120 * DAY)

      const cents = this.dealCents(minEuro, maxEuro)
      const updatedAt = closedAt ?? Math.max(createdAt, withWorkingHours(this.rng.between(createdAt, this.now, 2), this.rng, this.now))
      const id = idAt(createdAt)
      result.push({
        id, createdAt, closedAt, ownerId, contact,
        row: {
          orgId: this.orgId, id,
          title: `${product} – ${company?.shortName ?? `${contact.row.firstName} ${contact.lastName}`}`,
          value: money(cents),
          currency: company?.profile.code === 'CH' ? 'CHF' : 'EUR',
          pipelineId, stageId: stage.id,
          // Status mirrors the stage kind, as the move action keeps it.
          status: stage.kind,
          contactId: contact.id, companyId: company?.id ?? null, ownerId,
          expectedCloseDate: isoDay(expectedClose),
          closedAt: closedAt === null ? null : new Date(closedAt),
          createdAt: new Date(createdAt), updatedAt: new Date(updatedAt),
        },
      })
    }
    return result
  }

  activities(count: number, ownerId: string, sellerIds: readonly string[], contactList: readonly SeedContact[], companyList: readonly SeedCompany[], dealList: readonly SeedDeal[]): NewActivity[] {
    const result: NewActivity[] = []
    const openDeals = dealList.filter(d => d.closedAt === null)
    const ownDeals = openDeals.filter(d => d.ownerId === ownerId)
    const startOfToday = new Date(this.now).setHours(0, 0, 0, 0)

    // A dashboard worth looking at: the owner has things due today, a few overdue tasks and plans for next week.
    if (count >= 20 && contactList.length > 0) {
      const anchor = (): Anchor => {
        const pool = ownDeals.length > 0 ? ownDeals : openDeals
        return pool.length > 0 ? { deal: this.rng.pick(pool) } : { contact: this.rng.pick(contactList) }
      }
      const todayTimes = [9, 10.5, 13, 14.5, 16].map(h => startOfToday + h * HOUR)
      for (const [k, due] of todayTimes.entries()) {
        const type = (['call', 'meeting', 'task', 'call', 'email'] as const)[k]!
        // The morning call is already done; everything else still waits.
        result.push(this.activity({ type, due, done: k === 0 && due < this.now, ownerId, anchor: anchor(), note: this.rng.chance(0.4) }))
      }
      for (let k = 0; k < 4; k++) {
        const due = withWorkingHours(startOfToday - this.rng.int(1, 6) * DAY, this.rng, this.now)
        result.push(this.activity({ type: 'task', due, done: false, ownerId, anchor: anchor(), note: this.rng.chance(0.3) }))
      }
      for (let k = 0; k < 3; k++) {
        const due = withWorkingHours(startOfToday + this.rng.int(1, 7) * DAY, this.rng)
        result.push(this.activity({ type: this.rng.pick(['call', 'meeting', 'task'] as const), due, done: false, ownerId, anchor: anchor(), note: false }))
      }
      // Colleagues have a day too.
      for (const seller of sellerIds.filter(id => id !== ownerId)) {
        const due = startOfToday + this.rng.int(8, 17) * HOUR
        result.push(this.activity({ type: this.rng.pick(['call', 'meeting', 'task'] as const), due, done: false, ownerId: seller, anchor: { contact: this.rng.pick(contactList) }, note: false }))
      }
    }

    while (result.length < count) {
      const roll = this.rng.unit()
      const type = this.rng.weighted<ActivityType>([['call', 30], ['email', 20], ['meeting', 15], ['task', 25], ['note', 10]])
      let future = type !== 'note' && this.rng.chance(0.18)
      // Contact and company work is spread evenly over the history (picking a record that existed
      // then); picking the record first would pile everything into recent weeks.
      const at = future
        ? withWorkingHours(this.rng.between(this.now + HOUR, this.now + 30 * DAY, 0.5), this.rng)
        : withWorkingHours(this.rng.between(this.orgCreated + DAY, this.now, 1.3), this.rng, this.now)
      let anchor: Anchor = {} // internal to-dos without a record
      let from = this.orgCreated
      let to = this.now
      if (roll < 0.35 && dealList.length > 0) {
        // Deal work happens while the deal runs.
        const deal = this.rng.pick(dealList)
        anchor = { deal }
        from = deal.createdAt
        to = deal.closedAt ?? this.now
        future &&= deal.closedAt === null
      }
      else if (roll < 0.86 && contactList.length > 0) {
        const contact = this.existingAt(contactList, at)
        anchor = { contact }
        from = contact.createdAt
      }
      else if (roll < 0.97 && companyList.length > 0) {
        const company = this.existingAt(companyList, at)
        anchor = { company }
        from = company.createdAt
      }
      const anchorOwner = anchor.deal?.ownerId ?? anchor.contact?.ownerId ?? anchor.company?.ownerId
      const actOwner = anchorOwner && this.rng.chance(0.85) ? anchorOwner : this.rng.pick(sellerIds)
      let due: number
      let done: boolean
      if (future) {
        due = at > this.now ? at : this.now + this.rng.int(1, 48) * HOUR
        done = false
      }
      else {
        due = anchor.deal ? withWorkingHours(this.rng.between(from + HOUR, to), this.rng, this.now) : at
        due = clamp(due, from, to)
        // Almost everything in the past is done; a handful of tasks and calls slipped.
        done = type === 'note' || type === 'email' || type === 'meeting' || to < this.now || this.rng.chance(0.96)
      }
      const withNote = type === 'note' || this.rng.chance({ call: 0.5, meeting: 0.6, task: 0.25, email: 0.2, note: 1 }[type])
      result.push(this.activity({ type, due, done, ownerId: actOwner, anchor, note: withNote, earliest: from }))
    }
    return result.slice(0, Math.max(count, 0))
  }

  /**
   * The stages each deal went through to reach the one it is in: forward through the open
   * stages, then (for closed deals) into won or lost, at random moments of its lifetime.
   */
  stageHistory(dealList: readonly SeedDeal[], stages: readonly PipelineStage[]): NewStageStay[] {
    const open = stages.filter(s => s.kind === 'open').sort((a, b) => a.position - b.position)
    const result: NewStageStay[] = []
    for (const deal of dealList) {
      const target = stages.find(s => s.id === deal.row.stageId)!
      const path = target.kind === 'open'
        ? open.slice(0, open.findIndex(s => s.id === target.id) + 1)
        : [...open.slice(0, target.kind === 'won' ? open.length : this.rng.int(1, open.length)), target]
      const lastMove = deal.closedAt ?? deal.createdAt + (this.now - deal.createdAt) * (0.5 + 0.45 * this.rng.unit())
      const moves = path.slice(1).map(() => deal.createdAt + (lastMove - deal.createdAt) * this.rng.unit()).sort((a, b) => a - b)
      if (moves.length) moves[moves.length - 1] = lastMove
      const entered = [deal.createdAt, ...moves]
      path.forEach((stage, i) => result.push({
        orgId: this.orgId,
        id: idAt(entered[i]!),
        dealId: deal.id,
        pipelineId: deal.row.pipelineId,
        stageId: stage.id,
        fromStageId: i === 0 ? null : path[i - 1]!.id,
        enteredAt: new Date(entered[i]!),
        leftAt: i + 1 < path.length ? new Date(entered[i + 1]!) : null,
        actorId: deal.ownerId,
        actorType: 'user',
      }))
    }
    return result
  }

  audit(ownerId: string, team: readonly SeedUser[], companyList: readonly SeedCompany[], contactList: readonly SeedContact[], dealList: readonly SeedDeal[], activityList: readonly NewActivity[], stays: readonly NewStageStay[]): NewAuditLog[] {
    const since = this.now - 30 * DAY
    const clientOf = new Map(team.map((u, i) => [u.id, CLIENTS[i % CLIENTS.length]!]))
    const entries: NewAuditLog[] = []
    const add = (at: number, entry: Omit<NewAuditLog, 'orgId' | 'id' | 'createdAt' | 'updatedAt'>) => {
      const client = entry.actorType === 'user' && entry.actorId ? clientOf.get(entry.actorId) : undefined
      entries.push({ orgId: this.orgId, id: idAt(at), ip: client?.ip ?? null, userAgent: client?.userAgent ?? null, ...entry, createdAt: new Date(at), updatedAt: new Date(at) })
    }
    // The shape the services write: `{ field: { from, to } }`.
    const created = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { from: null, to: v }]))
    add(this.orgCreated, { actorId: null, actorType: 'system', action: 'organization.create', entity: 'organization', entityId: this.orgId, changes: { source: 'demo-seed' } })
    for (const u of team.slice(1)) {
      add(u.row.createdAt!.getTime(), { actorId: ownerId, actorType: 'user', action: 'user.create', entity: 'user', entityId: u.id, changes: created({ email: u.row.email, role: u.row.role }) })
    }
    // Only the recent past: an audit trail this fine-grained for 18 months would drown the demo.
    for (const c of companyList.filter(c => c.createdAt >= since)) {
      add(c.createdAt, { actorId: c.ownerId, actorType: 'user', action: 'company.create', entity: 'company', entityId: c.id, changes: created({ name: c.row.name }) })
    }
    for (const c of contactList.filter(c => c.createdAt >= since)) {
      add(c.createdAt, { actorId: c.ownerId, actorType: 'user', action: 'contact.create', entity: 'contact', entityId: c.id, changes: created({ firstName: c.row.firstName, lastName: c.row.lastName }) })
    }
    const kindOf = new Map(dealList.map(d => [d.id, d.row.status]))
    for (const d of dealList) {
      if (d.createdAt >= since) add(d.createdAt, { actorId: d.ownerId, actorType: 'user', action: 'deal.create', entity: 'deal', entityId: d.id, changes: created({ title: d.row.title, value: d.row.value, currency: d.row.currency }) })
    }
    for (const stay of stays.filter(s => s.fromStageId && s.enteredAt!.getTime() >= since)) {
      const closes = !stay.leftAt && kindOf.get(stay.dealId) !== 'open'
      add(stay.enteredAt!.getTime(), {
        actorId: stay.actorId!, actorType: 'user', action: 'deal.move', entity: 'deal', entityId: stay.dealId,
        changes: {
          stageId: { from: stay.fromStageId, to: stay.stageId },
          ...(closes ? { status: { from: 'open', to: kindOf.get(stay.dealId) }, closedAt: { from: null, to: stay.enteredAt!.toISOString() } } : {}),
        },
      })
    }
    for (const a of activityList.filter(a => a.createdAt!.getTime() >= since)) {
      add(a.createdAt!.getTime(), { actorId: a.ownerId ?? ownerId, actorType: 'user', action: 'activity.create', entity: 'activity', entityId: a.id!, changes: created({ type: a.type, subject: a.subject }) })
    }
    return entries.sort((a, b) => a.createdAt!.getTime() - b.createdAt!.getTime())
  }

  // --- single records -------------------------------------------------------------------------

  /** A random record that already existed at `time` (the oldest one if none did). */
  private existingAt<T extends { createdAt: number }>(list: readonly T[], time: number): T {
    for (let tries = 0; tries < 30; tries++) {
      const candidate = this.rng.pick(list)
      if (candidate.createdAt < time) return candidate
    }
    return list.reduce((oldest, c) => (c.createdAt < oldest.createdAt ? c : oldest))
  }

  private activity(input: {
    type: ActivityType
    due: number
    done: boolean
    ownerId: string
    anchor: Anchor
    note: boolean
    earliest?: number
  }): NewActivity {
    const { type, due, done, anchor } = input
    // A deal brings its contact and company, a contact its company: the links always agree.
    const dealId = anchor.deal?.id ?? null
    const contact = anchor.deal?.contact ?? anchor.contact ?? null
    const company = contact ? contact.company : anchor.company ?? null
    const earliest = Math.max(input.earliest ?? this.orgCreated, contact?.createdAt ?? 0, company?.createdAt ?? 0)
    // Logged calls, e-mails and notes are written when they happen; meetings and tasks are planned ahead.
    const plannedAhead = type === 'meeting' || type === 'task' || due > this.now
    let createdAt = plannedAhead ? due - this.rng.int(1, 14) * DAY + this.rng.int(0, 8) * HOUR : due + this.rng.int(5, 60) * 60_000
    // Not after now (nor all at the same instant), not before what it is about.
    if (createdAt > this.now) createdAt = this.now - this.rng.int(10, 3 * 24 * 60) * 60_000
    if (createdAt < earliest) createdAt = earliest + (this.now - earliest) * 0.5 * this.rng.unit()
    const completedAt = type === 'note' ? createdAt : done ? clamp(due + this.rng.int(0, 90) * 60_000, createdAt, this.now) : null
    const subjects = SUBJECTS[type][done || type === 'note' ? 'done' : 'open']
    const id = idAt(createdAt)
    return {
      orgId: this.orgId, id, type, subject: this.rng.pick(subjects),
      note: input.note ? this.noteText() : null,
      dueAt: type === 'note' ? null : new Date(due),
      completedAt: completedAt === null ? null : new Date(completedAt),
      contactId: contact?.id ?? null, companyId: company?.id ?? null, dealId, ownerId: input.ownerId,
      createdAt: new Date(createdAt), updatedAt: new Date(completedAt ?? createdAt),
    }
  }

  private personName(origin: NameOrigin, sex: Sex): { first: string, last: string } {
    const f = this.people[origin]
    const germanish = origin === 'de' || origin === 'at' || origin === 'ch'
    const first = germanish && this.rng.chance(origin === 'de' ? 0.75 : 0.4) ? this.rng.pick(GERMAN_FIRST_NAMES[sex]) : f.person.firstName(sex)
    let last = germanish && this.rng.chance(origin === 'de' ? 0.6 : 0.3) ? this.rng.pick(GERMAN_SURNAMES) : f.person.lastName(sex)
    // Faker's Polish surnames are not gendered; Polish women write -ska/-cka.
    if (origin === 'pl' && sex === 'female') last = last.replace(/ski$/, 'ska').replace(/cki$/, 'cka').replace(/dzki$/, 'dzka')
    return { first, last }
  }

  private companyName(profile: CountryProfile, industry: Industry, place: City): string {
    const surname = (origin: NameOrigin) => (origin === 'de' && this.rng.chance(0.7) ? this.rng.pick(GERMAN_SURNAMES) : this.people[origin].person.lastName('male'))
    const brand = () => this.rng.pick(BRAND_HEADS) + this.rng.pick(BRAND_TAILS)
    if (profile.german) {
      const origin: NameOrigin = profile.code === 'AT' ? 'at' : profile.code === 'CH' ? 'ch' : 'de'
      const word = this.rng.pick(industry.de)
      if (industry.name === 'Energieversorgung' && profile.code === 'DE' && this.rng.chance(0.4)) return `Stadtwerke ${place.name}`
      return this.rng.weighted<() => string>([
        [() => `${surname(origin)} ${word}`, 40],
        [() => `${this.rng.pick(profile.regions)} ${word}`, 20],
        [() => `${brand()} ${word}`, 15],
        [() => `${surname(origin)} & ${surname(origin)}`, 15],
        [() => brand(), 10],
      ])()
    }
    const origin = profile.names[0]![0]
    const word = this.rng.pick(industry.en)
    return this.rng.chance(0.65) ? `${surname(origin)} ${word}` : `${brand()} ${word}`
  }

  private streetOrigin(profile: CountryProfile): NameOrigin {
    return profile.code === 'DE' ? 'de' : profile.names[0]![0]
  }

  private houseNumber(): string {
    return `${this.rng.int(1, 120)}${this.rng.chance(0.1) ? this.rng.pick(['a', 'b', 'c']) : ''}`
  }

  private landline(profile: CountryProfile, place: City): PhoneNumber {
    // German and Austrian numbers vary in length; the subscriber part fills up after the area code.
    const variable = profile.code === 'DE' || profile.code === 'AT' ? this.rng.int(-1, 1) : 0
    return { area: place.area, subscriber: this.rng.digits(Math.max(4, profile.phoneDigits.landline - place.area.length + variable)) }
  }

  private contactPhone(company: SeedCompany | null): string | null {
    const profile = company?.profile ?? COUNTRIES[0]![0]
    const kind = this.rng.weighted<'direct' | 'mobile' | 'none'>([['direct', 55], ['mobile', 30], ['none', 15]])
    if (kind === 'none') return null
    if (kind === 'direct' && company) {
      // German-speaking firms publish extensions as "-123"; elsewhere the direct line differs in the last digits.
      if (profile.german) return `${formatPhone(profile, company.phone)}-${this.rng.int(10, 499)}`
      const { area, subscriber } = company.phone
      return formatPhone(profile, { area, subscriber: subscriber.slice(0, -3) + this.rng.digits(3) })
    }
    const area = this.rng.pick(profile.mobilePrefixes)
    return formatPhone(profile, { area, subscriber: this.rng.digits(profile.phoneDigits.mobile - area.length) })
  }

  private contactEmail(first: string, last: string, company: SeedCompany | null): string {
    const f = emailPart(first)
    const l = emailPart(last)
    const domain = company?.domain ?? this.rng.pick(FREEMAIL)
    const patterns = company
      ? this.rng.weighted<string[]>([[[`${f}.${l}`, `${f[0]}.${l}`], 65], [[`${f[0]}.${l}`, `${f}.${l}`], 20], [[`${l}`, `${f}.${l}`], 8], [[`${f}${l}`, `${f}.${l}`], 7]])
      : [`${f}.${l}`, `${f}${l}${this.rng.int(1, 99)}`, `${f[0]}${l}`]
    for (const local of [...patterns, `${f}.${l}${this.rng.int(2, 99)}`]) {
      const email = `${local}@${domain}`
      if (!this.usedEmails.has(email)) {
        this.usedEmails.add(email)
        return email
      }
    }
    const fallback = `${f}.${l}.${this.usedEmails.size}@${domain}`
    this.usedEmails.add(fallback)
    return fallback
  }

  private position(profile: CountryProfile | null, sex: Sex): string | null {
    if (this.rng.chance(0.08)) return null
    if (!profile || profile.german) {
      const [male, female] = this.rng.weighted(POSITIONS_DE.map(([m, w, weight]) => [[m, w] as const, weight] as const))
      return sex === 'female' ? female : male
    }
    return this.rng.weighted(POSITIONS_EN)
  }

  private tags(): string[] {
    const count = this.rng.weighted([[0, 30], [1, 38], [2, 22], [3, 10]])
    const chosen = new Set<string>()
    while (chosen.size < count) chosen.add(this.rng.weighted(TAGS))
    return [...chosen]
  }

  private dealCents(minEuro: number, maxEuro: number): number {
    // Log-uniform: many mid-sized deals, a few large ones; quoted prices are round numbers.
    const euros = Math.exp(Math.log(minEuro) + (Math.log(maxEuro) - Math.log(minEuro)) * this.rng.unit())
    const step = euros > 50_000 ? 1_000 : euros > 10_000 ? 500 : 50
    const rounded = Math.max(step, Math.round(euros / step) * step)
    // Some offers carry discounts that leave odd amounts.
    return this.rng.chance(0.15) ? Math.round(rounded * (1 - this.rng.pick([0.03, 0.05, 0.075, 0.1])) * 100) : rounded * 100
  }

  private noteText(): string {
    const first = this.rng.pick(NOTES)
    if (!this.rng.chance(0.35)) return first
    const second = this.rng.pick(NOTES)
    return second === first ? first : `${first} ${second}`
  }
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

function sizeOption(value: number | undefined, fallback: number, name: string): number {
  const n = value ?? fallback
  if (!Number.isInteger(n) || n < 0 || n > 100_000) throw new RangeError(`seed: ${name} must be an integer between 0 and 100000, got ${n}`)
  return n
}

/**
 * Creates one organization full of realistic demo data (team, pipeline, companies, contacts,
 * deals, activities, audit trail) in a single tenant transaction: all of it or nothing.
 * Emails are unique across organizations, so a second run needs another `ownerEmail`.
 */
export async function seedDemoOrganization(db: Database, options: SeedOptions): Promise<SeedResult> {
  const orgName = options.orgName?.trim() || DEFAULTS.orgName
  const companyCount = sizeOption(options.companies, DEFAULTS.companies, 'companies')
  const contactCount = sizeOption(options.contacts, DEFAULTS.contacts, 'contacts')
  const ownerEmail = (options.ownerEmail ?? DEFAULTS.ownerEmail).trim().toLowerCase()
  const ownerPassword = options.ownerPassword ?? DEFAULTS.ownerPassword
  const emailDomain = ownerEmail.split('@')[1]
  if (!emailDomain || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(ownerEmail)) throw new Error(`seed: "${ownerEmail}" is not an email address`)
  if (ownerPassword.length < 8) throw new Error('seed: the owner password needs at least 8 characters')

  const now = (options.now ?? new Date()).getTime()
  const orgCreated = foundedAt(now)
  const orgId = idAt(orgCreated)
  const generator = new DemoGenerator(options.seed ?? DEFAULTS.seed, now, orgId, orgCreated)

  // Argon2 is slow on purpose: hash once, every demo user shares the password.
  const passwordHash = await options.hashPassword(ownerPassword)

  const team = generator.users(emailDomain, passwordHash, ownerEmail)
  const ownerId = team[0]!.id
  const sellerIds = team.filter(u => u.row.role !== 'viewer').map(u => u.id)
  const companyList = generator.companies(companyCount, sellerIds)
  const contactList = generator.contacts(contactCount, companyList, sellerIds)
  const stages = defaultPipeline('de').stages
  const pipelineId = idAt(orgCreated + HOUR)
  const dealList = generator.deals(Math.round(contactCount * DEALS_PER_CONTACT), contactList, pipelineId, stages)
  const activityList = generator.activities(Math.round(contactCount * ACTIVITIES_PER_CONTACT), ownerId, sellerIds, contactList, companyList, dealList)
  const stays = generator.stageHistory(dealList, stages)

  await runAsTenant(db, orgId, async (tx) => {
    await assertEmailsAvailable(tx, team)
    // Built after the e-mail check, which may have renamed a colleague.
    const auditList = generator.audit(ownerId, team, companyList, contactList, dealList, activityList, stays)
    await tx.insert(organizations).values({
      id: orgId, name: orgName, settings: { defaultCurrency: 'EUR', defaultLocale: 'de' },
      createdAt: new Date(orgCreated), updatedAt: new Date(orgCreated),
    })
    await insertInBatches(tx, users, team.map(u => u.row))
    await tx.insert(pipelines).values({
      orgId, id: pipelineId, name: 'Vertrieb', stages, position: 0,
      createdAt: new Date(orgCreated + HOUR), updatedAt: new Date(orgCreated + HOUR),
    })
    // With their duplicate keys, as the services write them.
    await insertInBatches(tx, companies, companyList.map(c => ({ ...c.row, ...companyKeys(c.row) })))
    await insertInBatches(tx, contacts, contactList.map(c => ({ ...c.row, ...contactKeys(c.row, c.company?.profile.code) })))
    await insertInBatches(tx, deals, dealList.map(d => d.row))
    await insertInBatches(tx, dealStageHistory, stays)
    await insertInBatches(tx, activities, activityList)
    await insertInBatches(tx, auditLogs, auditList)
  })

  return {
    orgId,
    orgName,
    ownerEmail,
    ownerPassword,
    counts: { users: team.length, companies: companyList.length, contacts: contactList.length, deals: dealList.length, activities: activityList.length },
  }
}

/**
 * Emails are unique across all organizations. The owner's clash is an error (that login
 * already exists); a colleague's gets a number so another demo org can still be seeded.
 */
async function assertEmailsAvailable(tx: Transaction, team: SeedUser[]): Promise<void> {
  const taken = async (email: string) =>
    resultRows<{ user_id: string }>(await tx.execute(sql`select user_id from auth_find_login(${email})`)).length > 0
  const [owner, ...colleagues] = team
  if (owner && await taken(owner.row.email)) throw new Error(`seed: a user with the email ${owner.row.email} already exists`)
  for (const colleague of colleagues) {
    const [local, domain] = colleague.row.email.split('@') as [string, string]
    for (let n = 2; await taken(colleague.row.email); n++) colleague.row.email = `${local}${n}@${domain}`
  }
}
