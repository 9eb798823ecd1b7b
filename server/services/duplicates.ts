import { and, eq, inArray, ne, or, type SQL } from 'drizzle-orm'
import { companies, contacts } from '../../drizzle/schema'
import type { DuplicateMatch } from '../../shared/schemas'
import type { DuplicateCandidate } from '../../shared/schemas/responses'
import { ApiError } from '../utils/api'
import { recordGone } from './merge-trail'
import type { companyKeys, contactKeys } from '../../shared/duplicate-keys'
import { withTenant, type TenantContext, type Transaction } from '../utils/tenant'

// Likely duplicates of a contact or company, found by equal normalised keys on indexed
// columns (shared/duplicate-keys.ts), always within the caller's organization.

/** Whether a write may save a likely duplicate (`?allowDuplicate=true`). */
export interface DuplicateOptions { allowDuplicate?: boolean }

export type ContactKeys = ReturnType<typeof contactKeys>
export type CompanyKeys = ReturnType<typeof companyKeys>

/** How much each kind of match says on its own; several combine as independent evidence. */
const WEIGHT = { email: 0.95, phone: 0.8, domain: 0.9, companyName: 0.8 } as const
/** A person's name alone: likelier at the same company, unlikelier at two different ones. */
const NAME_WEIGHT = { sameCompany: 0.9, unknown: 0.6, otherCompany: 0.4 } as const
/** Rows read per lookup, and candidates answered. */
const READ_LIMIT = 50
const ANSWER_LIMIT = 10

/** What matched, and the score of it all: independent evidence, 1 − Π(1 − weight), to two places. */
class Evidence {
  readonly matched: DuplicateMatch[] = []
  #doubt = 1
  add(match: DuplicateMatch, weight: number) {
    this.matched.push(match)
    this.#doubt *= 1 - weight
  }

  result() {
    return { matched: this.matched, score: Math.round((1 - this.#doubt) * 100) / 100 }
  }
}

function best(candidates: DuplicateCandidate[]): DuplicateCandidate[] {
  return candidates.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name)).slice(0, ANSWER_LIMIT)
}

/** Only the keys that are set (and, when `only` is given, among those named). */
function wanted<K extends Record<string, string | null>>(keys: K, only?: ReadonlySet<keyof K>): Partial<K> {
  return Object.fromEntries(Object.entries(keys).filter(([k, v]) => v !== null && (!only || only.has(k)))) as Partial<K>
}

/**
 * The statement that reads a contact's look-alikes: one equality per key, each on its own
 * (org_id, key) index. Exported so a test can check its plan.
 */
export function contactMatchQuery(tx: Transaction, orgId: string, look: Partial<ContactKeys>, excludeId?: string) {
  const matches: SQL[] = []
  if (look.emailKey) matches.push(eq(contacts.emailKey, look.emailKey))
  if (look.phoneKey) matches.push(eq(contacts.phoneKey, look.phoneKey))
  if (look.nameKey) matches.push(eq(contacts.nameKey, look.nameKey))
  if (!matches.length) return null
  return tx
    .select({
      id: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email, companyId: contacts.companyId,
      emailKey: contacts.emailKey, phoneKey: contacts.phoneKey, nameKey: contacts.nameKey, companyName: companies.name,
    })
    .from(contacts)
    .leftJoin(companies, and(eq(companies.orgId, orgId), eq(companies.id, contacts.companyId)))
    .where(and(eq(contacts.orgId, orgId), excludeId ? ne(contacts.id, excludeId) : undefined, or(...matches)))
    .limit(READ_LIMIT)
}

/**
 * Contacts of the organization whose email, phone or name key equals one of `keys`
 * (`only`: just these keys), other than `excludeId`; `companyId` weighs a name match.
 */
export async function contactCandidates(
  tx: Transaction, orgId: string, keys: ContactKeys,
  options: { excludeId?: string, companyId?: string | null, only?: ReadonlySet<keyof ContactKeys> } = {},
): Promise<DuplicateCandidate[]> {
  const look = wanted(keys, options.only)
  const query = contactMatchQuery(tx, orgId, look, options.excludeId)
  if (!query) return []
  const rows = await query
  return best(rows.map(row => ({
    id: row.id, name: `${row.firstName} ${row.lastName}`.trim(), detail: row.email ?? row.companyName ?? null,
    ...contactEvidence(look, options.companyId, row),
  })))
}

/**
 * What a contact with `look` keys (at `companyId`) has in common with another, and the score
 * of it: the one scoring rule of every path that compares contacts (create, edit, the
 * background scan, CSV import).
 */
export function contactEvidence(
  look: Partial<ContactKeys>, companyId: string | null | undefined,
  other: { emailKey: string | null, phoneKey: string | null, nameKey: string | null, companyId: string | null | undefined },
): { matched: DuplicateMatch[], score: number } {
  const evidence = new Evidence()
  if (look.emailKey && other.emailKey === look.emailKey) evidence.add('email', WEIGHT.email)
  if (look.phoneKey && other.phoneKey === look.phoneKey) evidence.add('phone', WEIGHT.phone)
  if (look.nameKey && other.nameKey === look.nameKey) {
    const company = companyId && other.companyId ? (companyId === other.companyId ? 'sameCompany' : 'otherCompany') : 'unknown'
    evidence.add('name', NAME_WEIGHT[company])
  }
  return evidence.result()
}

/** What a company with `look` keys has in common with another, and the score of it (as contactEvidence). */
export function companyEvidence(look: Partial<CompanyKeys>, other: { domainKey: string | null, nameKey: string | null }): { matched: DuplicateMatch[], score: number } {
  const evidence = new Evidence()
  if (look.domainKey && other.domainKey === look.domainKey) evidence.add('domain', WEIGHT.domain)
  if (look.nameKey && other.nameKey === look.nameKey) evidence.add('name', WEIGHT.companyName)
  return evidence.result()
}

/** The statement that reads a company's look-alikes, like contactMatchQuery. */
export function companyMatchQuery(tx: Transaction, orgId: string, look: Partial<CompanyKeys>, excludeId?: string) {
  const matches: SQL[] = []
  if (look.domainKey) matches.push(eq(companies.domainKey, look.domainKey))
  if (look.nameKey) matches.push(eq(companies.nameKey, look.nameKey))
  if (!matches.length) return null
  return tx
    .select({ id: companies.id, name: companies.name, city: companies.city, domainKey: companies.domainKey, nameKey: companies.nameKey })
    .from(companies)
    .where(and(eq(companies.orgId, orgId), excludeId ? ne(companies.id, excludeId) : undefined, or(...matches)))
    .limit(READ_LIMIT)
}

/** Companies of the organization whose domain or name key equals one of `keys`, other than `excludeId`. */
export async function companyCandidates(
  tx: Transaction, orgId: string, keys: CompanyKeys,
  options: { excludeId?: string, only?: ReadonlySet<keyof CompanyKeys> } = {},
): Promise<DuplicateCandidate[]> {
  const look = wanted(keys, options.only)
  const query = companyMatchQuery(tx, orgId, look, options.excludeId)
  if (!query) return []
  const rows = await query
  return best(rows.map(row => ({ id: row.id, name: row.name, detail: row.domainKey ?? row.city ?? null, ...companyEvidence(look, row) })))
}

/** A stored record's look-alike, as the background scan keeps it. */
export interface Match { id: string, score: number, matched: DuplicateMatch[] }

/**
 * The look-alikes of many stored records at once, for the background scan: one statement
 * along the (org_id, key) indexes for the whole batch (`key = any(…)` per key), then each
 * record scored against the rows that share a key with it by the scoring of the create
 * check, best 10 kept. Same answer as asking for each record alone, without a round trip each.
 */
async function candidatesOfMany<R extends { id: string }, K extends string>(
  records: R[], keyNames: readonly K[], keysOf: (record: R) => Partial<Record<K, string | null>>,
  read: (wanted: Record<K, string[]>) => Promise<R[]>, score: (record: R, other: R) => { matched: DuplicateMatch[], score: number },
): Promise<Map<string, Match[]>> {
  const wanted = Object.fromEntries(keyNames.map(key => [key, [...new Set(records.flatMap(r => keysOf(r)[key] ?? []))]])) as Record<K, string[]>
  const answer = new Map<string, Match[]>()
  if (!keyNames.some(key => wanted[key].length)) return answer
  const byKey = new Map<string, R[]>()
  for (const row of await read(wanted)) {
    for (const key of keyNames) {
      const value = keysOf(row)[key]
      if (value) byKey.set(`${key}:${value}`, [...(byKey.get(`${key}:${value}`) ?? []), row])
    }
  }
  for (const record of records) {
    const seen = new Map<string, Match>()
    for (const key of keyNames) {
      const value = keysOf(record)[key]
      for (const other of value ? byKey.get(`${key}:${value}`) ?? [] : []) {
        if (other.id === record.id || seen.has(other.id)) continue
        const evidence = score(record, other)
        if (evidence.matched.length) seen.set(other.id, { id: other.id, ...evidence })
      }
    }
    answer.set(record.id, [...seen.values()].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).slice(0, ANSWER_LIMIT))
  }
  return answer
}

type StoredContactKeys = ContactKeys & { id: string, companyId: string | null }
const CONTACT_KEY_NAMES = ['emailKey', 'phoneKey', 'nameKey'] as const
const COMPANY_KEY_NAMES = ['domainKey', 'nameKey'] as const

/** The look-alikes of stored contacts, by id (see candidatesOfMany). */
export function contactCandidatesOfMany(tx: Transaction, orgId: string, records: StoredContactKeys[]): Promise<Map<string, Match[]>> {
  const columns = { id: contacts.id, emailKey: contacts.emailKey, phoneKey: contacts.phoneKey, nameKey: contacts.nameKey, companyId: contacts.companyId }
  return candidatesOfMany(records, CONTACT_KEY_NAMES, r => r, wanted => tx.select(columns).from(contacts)
    .where(and(eq(contacts.orgId, orgId), or(...CONTACT_KEY_NAMES.map(key => (wanted[key].length ? inArray(contacts[key], wanted[key]) : undefined))))),
  (record, other) => contactEvidence(record, record.companyId, other))
}

/** The look-alikes of stored companies, by id (see candidatesOfMany). */
export function companyCandidatesOfMany(tx: Transaction, orgId: string, records: (CompanyKeys & { id: string })[]): Promise<Map<string, Match[]>> {
  const columns = { id: companies.id, domainKey: companies.domainKey, nameKey: companies.nameKey }
  return candidatesOfMany(records, COMPANY_KEY_NAMES, r => r, wanted => tx.select(columns).from(companies)
    .where(and(eq(companies.orgId, orgId), or(...COMPANY_KEY_NAMES.map(key => (wanted[key].length ? inArray(companies[key], wanted[key]) : undefined))))),
  (record, other) => companyEvidence(record, other))
}

/** 409 DUPLICATE naming the candidates, unless there are none. */
export function refuseDuplicates(what: 'contact' | 'company', candidates: DuplicateCandidate[]): void {
  if (!candidates.length) return
  const count = candidates.length === 1 ? `a ${what}` : `${candidates.length} ${what === 'company' ? 'companies' : 'contacts'}`
  throw new ApiError(409, 'DUPLICATE', `This looks like ${count} you already have; send allowDuplicate=true to save anyway`, { candidates })
}

/** The country a contact's phone number is read in: its company's, if it names one. */
export async function contactCountry(tx: Transaction, orgId: string, companyId: string | null | undefined): Promise<string | null> {
  if (!companyId) return null
  const [row] = await tx.select({ country: companies.country }).from(companies).where(and(eq(companies.orgId, orgId), eq(companies.id, companyId)))
  return row?.country ?? null
}

/** The likely duplicates of a stored contact. */
export async function ofContact(ctx: TenantContext, id: string): Promise<DuplicateCandidate[]> {
  return withTenant(ctx, async (tx) => {
    const [row] = await tx.select({ emailKey: contacts.emailKey, phoneKey: contacts.phoneKey, nameKey: contacts.nameKey, companyId: contacts.companyId })
      .from(contacts).where(and(eq(contacts.orgId, ctx.orgId), eq(contacts.id, id)))
    if (!row) throw await recordGone(tx, ctx.orgId, 'contact', id)
    const { companyId, ...keys } = row
    return contactCandidates(tx, ctx.orgId, keys, { excludeId: id, companyId })
  })
}

/** The likely duplicates of a stored company. */
export async function ofCompany(ctx: TenantContext, id: string): Promise<DuplicateCandidate[]> {
  return withTenant(ctx, async (tx) => {
    const [row] = await tx.select({ domainKey: companies.domainKey, nameKey: companies.nameKey })
      .from(companies).where(and(eq(companies.orgId, ctx.orgId), eq(companies.id, id)))
    if (!row) throw await recordGone(tx, ctx.orgId, 'company', id)
    return companyCandidates(tx, ctx.orgId, row, { excludeId: id })
  })
}
