import { and, asc, eq, gte, inArray, isNull, lt, notExists, sql } from 'drizzle-orm'
import { activities, deals, digestDeliveries, organizations, users } from '../../drizzle/schema'
import type { Locale } from '../../shared/domain'
import { recordPath } from '../../shared/notification-links'
import { digestEnabled } from '../../shared/schemas'
import { canonicalTimeZone, effectiveTimeZone } from '../../shared/time-zones'
import { resultRows } from '../database/client'
import type { DigestSection } from '../mail/templates'
import { digestDay, type DigestDay } from '../utils/digest-schedule'
import { appUrlFor } from '../utils/env'
import { sendMail } from '../utils/mail'
import { withTenant, withoutTenant, type TenantContext, type Transaction } from '../utils/tenant'

/** Records per list in the mail; the rest are counted. */
const ITEMS_PER_LIST = 20
/** How long a day's delivery row is kept: long enough to prove a digest went out, no longer. */
const KEEP_DAYS = 35

/**
 * Organizations where someone's digest may be due now (a weekday morning in one of their
 * people's time zones): the dispatcher's only read across tenants, naming organizations and zones.
 */
export async function organizationsDueForDigest(now = new Date()): Promise<string[]> {
  const rows = await withoutTenant(async tx => resultRows<{ org_id: string, time_zone: string }>(await tx.execute(sql`select org_id, time_zone from jobs_digest_zones()`)))
  const due = new Map<string, boolean>()
  const orgs = new Set<string>()
  for (const row of rows) {
    const zone = canonicalTimeZone(row.time_zone)
    if (!zone) continue
    if (!due.has(zone)) due.set(zone, digestDay(now, zone).due)
    if (due.get(zone)) orgs.add(row.org_id)
  }
  return [...orgs]
}

/** This organization's people whose digest is due now, who want it and whose day is not decided yet. */
export async function dueDigests(tx: Transaction, orgId: string, now = new Date()): Promise<{ userId: string, localDate: string }[]> {
  const people = await tx.select({ id: users.id, zone: users.timeZone, organizationZone: organizations.timeZone, settings: users.notificationSettings })
    .from(users).innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.orgId, orgId))
  const wanted = people.flatMap((person) => {
    if (!digestEnabled(person.settings)) return []
    const day = digestDay(now, effectiveTimeZone(person.zone, person.organizationZone))
    return day.due ? [{ userId: person.id, localDate: day.localDate }] : []
  })
  if (!wanted.length) return []
  const decided = await tx.select({ userId: digestDeliveries.userId, localDate: digestDeliveries.localDate }).from(digestDeliveries)
    .where(and(eq(digestDeliveries.orgId, orgId), inArray(digestDeliveries.userId, wanted.map(w => w.userId)), inArray(digestDeliveries.localDate, [...new Set(wanted.map(w => w.localDate))])))
  const done = new Set(decided.map(d => `${d.userId} ${d.localDate}`))
  return wanted.filter(w => !done.has(`${w.userId} ${w.localDate}`))
}

export interface DigestContent { overdue: DigestSection, today: DigestSection, deals: DigestSection }

/** What one person's digest lists for their day: only their own records, only in their organization. */
export async function digestContent(tx: Transaction, orgId: string, userId: string, day: Pick<DigestDay, 'dayStart' | 'dayEnd'>, appUrl: string): Promise<DigestContent> {
  const link = (type: 'activity' | 'deal', id: string) => new URL(recordPath(type, id), appUrl).href
  const open = and(eq(activities.orgId, orgId), eq(activities.ownerId, userId), isNull(activities.completedAt))
  const listed = (where: ReturnType<typeof and>) => tx.select({ id: activities.id, subject: activities.subject, dueAt: activities.dueAt, total: sql<number>`(count(*) over ())::int` })
    .from(activities).where(where).orderBy(asc(activities.dueAt), asc(activities.id)).limit(ITEMS_PER_LIST)
  const [overdue, today, idle] = await Promise.all([
    listed(and(open, lt(activities.dueAt, day.dayStart))),
    listed(and(open, gte(activities.dueAt, day.dayStart), lt(activities.dueAt, day.dayEnd))),
    tx.select({ id: deals.id, title: deals.title, value: deals.value, currency: deals.currency, total: sql<number>`(count(*) over ())::int` })
      .from(deals)
      .where(and(
        eq(deals.orgId, orgId), eq(deals.ownerId, userId), eq(deals.status, 'open'),
        // No next step: no open activity on the deal, whoever's it is.
        notExists(tx.select({ one: sql`1` }).from(activities)
          .where(and(eq(activities.orgId, deals.orgId), eq(activities.dealId, deals.id), isNull(activities.completedAt)))),
      ))
      .orderBy(asc(deals.createdAt), asc(deals.id)).limit(ITEMS_PER_LIST),
  ])
  const activityItems = (rows: typeof overdue) => rows.map(row => ({ title: row.subject, link: link('activity', row.id), dueAt: row.dueAt?.toISOString() }))
  return {
    overdue: { kind: 'overdue', total: overdue[0]?.total ?? 0, items: activityItems(overdue) },
    today: { kind: 'today', total: today[0]?.total ?? 0, items: activityItems(today) },
    deals: { kind: 'deals', total: idle[0]?.total ?? 0, items: idle.map(row => ({ title: row.title, link: link('deal', row.id), value: `${row.value} ${row.currency}` })) },
  }
}

export type DigestOutcome = 'sent' | 'empty' | 'skipped'

/**
 * Sends one person's digest for their calendar day `localDate`, at most once: the delivery
 * row is inserted first, so a second attempt (another process, a repeated job) waits on it
 * and then finds the day taken. The mail goes out before the commit; should it fail, the
 * row goes with the rollback and the job's retry sends it. Nothing to report: no mail, and
 * the day is decided all the same. Only from 07:00 on that weekday: a job that comes before,
 * or after that day's midnight, sends nothing.
 */
export async function sendDigest(ctx: TenantContext, userId: string, localDate: string, now = new Date()): Promise<DigestOutcome> {
  return withTenant(ctx, async (tx) => {
    const [person] = await tx.select({
      email: users.email, name: users.name, locale: users.locale, zone: users.timeZone, settings: users.notificationSettings,
      organization: organizations.name, organizationZone: organizations.timeZone,
    }).from(users).innerJoin(organizations, eq(organizations.id, users.orgId))
      .where(and(eq(users.orgId, ctx.orgId), eq(users.id, userId)))
    if (!person || !digestEnabled(person.settings)) return 'skipped'
    const timeZone = effectiveTimeZone(person.zone, person.organizationZone)
    const day = digestDay(now, timeZone)
    if (day.localDate !== localDate || !day.started) return 'skipped'
    const claimed = await tx.insert(digestDeliveries).values({ orgId: ctx.orgId, userId, localDate, timeZone, items: 0 })
      .onConflictDoNothing().returning({ userId: digestDeliveries.userId })
    if (!claimed.length) return 'skipped'
    const appUrl = appUrlFor(ctx)
    const content = await digestContent(tx, ctx.orgId, userId, day, appUrl)
    const count = content.overdue.total + content.today.total + content.deals.total
    if (!count) return 'empty'
    await tx.update(digestDeliveries).set({ items: count })
      .where(and(eq(digestDeliveries.orgId, ctx.orgId), eq(digestDeliveries.userId, userId), eq(digestDeliveries.localDate, localDate)))
    await sendMail({
      to: person.email,
      locale: person.locale as Locale,
      template: 'digest',
      data: { name: person.name, organization: person.organization, date: localDate, timeZone, link: new URL('/activities', appUrl).href },
      sections: [content.overdue, content.today, content.deals],
    })
    return 'sent'
  })
}

/** Forgets this organization's delivery rows older than a month. */
export async function pruneDigestDeliveries(tx: Transaction, orgId: string): Promise<void> {
  await tx.delete(digestDeliveries).where(and(eq(digestDeliveries.orgId, orgId), lt(digestDeliveries.createdAt, sql`now() - make_interval(days => ${KEEP_DAYS})`)))
}
