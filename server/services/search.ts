import { and, eq, inArray, sql } from 'drizzle-orm'
import { companies, contacts, deals } from '../../drizzle/schema'
import type { SearchQuery } from '../../shared/schemas'
import type { SearchHit, SearchResult } from '../../shared/schemas/responses'
import { resultRows } from '../database/client'
import { withTenant, type TenantContext } from '../utils/tenant'

type Kind = 'contact' | 'company' | 'deal'
interface Match { kind: Kind, id: string, score: number }

/** Orders rows as the matches ranked them. */
function ranked<T extends { id: string }>(matches: Match[], rows: T[], toHit: (row: T) => Omit<SearchHit, 'score'>): SearchHit[] {
  const byId = new Map(rows.map(r => [r.id, r]))
  return matches.flatMap((m) => {
    const row = byId.get(m.id)
    return row ? [{ ...toHit(row), score: Math.round(m.score * 1000) / 1000 }] : []
  })
}

/**
 * The command palette's search over contacts (name, email, phone), companies (name,
 * website) and deals (title): substring hits first, then typo-tolerant trigram matches,
 * best first, grouped by kind. `search_records` finds the ids along the trigram indexes
 * (see migration 0007); the rows are then read under RLS like any other.
 */
export async function search(ctx: TenantContext, query: SearchQuery): Promise<SearchResult> {
  return withTenant(ctx, async (tx) => {
    const matches = resultRows<Match>(await tx.execute(sql`select kind, id, score from search_records(${query.q}, ${query.limit})`))
      .map(m => ({ ...m, score: Number(m.score) }))
    const of = (kind: Kind) => matches.filter(m => m.kind === kind)
    const [contactHits, companyHits, dealHits] = [of('contact'), of('company'), of('deal')]
    const idsOf = (hits: Match[]) => hits.map(m => m.id)

    // The three reads are sent together (one round trip on PostgreSQL, which answers them in
    // order), so a tenant with hits of every kind costs no more trips than one with a single kind.
    const [contactRows, companyRows, dealRows] = await Promise.all([
      contactHits.length
        ? tx.select({ id: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email, phone: contacts.phone })
            .from(contacts).where(and(eq(contacts.orgId, ctx.orgId), inArray(contacts.id, idsOf(contactHits))))
        : [],
      companyHits.length
        ? tx.select({ id: companies.id, name: companies.name, website: companies.website, city: companies.city })
            .from(companies).where(and(eq(companies.orgId, ctx.orgId), inArray(companies.id, idsOf(companyHits))))
        : [],
      dealHits.length
        ? tx.select({ id: deals.id, title: deals.title, value: deals.value, currency: deals.currency })
            .from(deals).where(and(eq(deals.orgId, ctx.orgId), inArray(deals.id, idsOf(dealHits))))
        : [],
    ])
    return {
      contacts: ranked(contactHits, contactRows, c => ({ id: c.id, title: `${c.firstName} ${c.lastName}`, subtitle: c.email ?? c.phone })),
      companies: ranked(companyHits, companyRows, c => ({ id: c.id, title: c.name, subtitle: c.city ?? c.website })),
      deals: ranked(dealHits, dealRows, d => ({ id: d.id, title: d.title, subtitle: `${d.value} ${d.currency}` })),
    }
  })
}
