import { and, asc, count, desc, eq, inArray, isNotNull, lt, sql } from 'drizzle-orm'
import { activities, retentionRules, retentionRuns, users } from '../../../drizzle/schema'
import type { RetentionKind, RetentionRuleUpsert, RetentionRunCreate, RetentionRunListQuery } from '../../../shared/schemas'
import { notFound } from '../../utils/api'
import { recordAudit } from '../../utils/audit'
import { withTenant, type Transaction, type TenantContext } from '../../utils/tenant'
import { pageOf, type ListResult } from '../list'
import { eraseInTransaction, textArray } from './erasure'

const ruleColumns = {
  id: retentionRules.id,
  kind: retentionRules.kind,
  months: retentionRules.months,
  enabled: retentionRules.enabled,
  lastRunAt: retentionRules.lastRunAt,
  createdAt: retentionRules.createdAt,
  updatedAt: retentionRules.updatedAt,
}

export type RetentionRule = { [K in keyof typeof ruleColumns]: (typeof retentionRules.$inferSelect)[K] }
export interface RetentionItem { id: string, label: string, lastActivityAt: Date }

/** The organization's rules, one per kind at most. */
export async function listRules(ctx: TenantContext): Promise<RetentionRule[]> {
  return withTenant(ctx, tx => tx.select(ruleColumns).from(retentionRules).where(eq(retentionRules.orgId, ctx.orgId)).orderBy(asc(retentionRules.kind)))
}

/** Creates or changes the rule of one kind; the change is audited. */
export async function upsertRule(ctx: TenantContext, kind: RetentionKind, input: RetentionRuleUpsert): Promise<RetentionRule> {
  return withTenant(ctx, async (tx) => {
    const [before] = await tx.select(ruleColumns).from(retentionRules)
      .where(and(eq(retentionRules.orgId, ctx.orgId), eq(retentionRules.kind, kind))).for('update')
    if (before && before.months === input.months && before.enabled === input.enabled) return before
    const [rule] = before
      ? await tx.update(retentionRules).set(input).where(and(eq(retentionRules.orgId, ctx.orgId), eq(retentionRules.id, before.id))).returning(ruleColumns)
      : await tx.insert(retentionRules).values({ orgId: ctx.orgId, kind, ...input }).returning(ruleColumns)
    await recordAudit(tx, ctx, {
      action: before ? 'retention_rule.update' : 'retention_rule.create',
      entity: 'retention_rule',
      entityId: rule!.id,
      changes: {
        kind: { from: before?.kind ?? null, to: kind },
        months: { from: before?.months ?? null, to: input.months },
        enabled: { from: before?.enabled ?? null, to: input.enabled },
      },
    })
    return rule!
  })
}

export async function removeRule(ctx: TenantContext, kind: RetentionKind): Promise<{ id: string }> {
  return withTenant(ctx, async (tx) => {
    const [rule] = await tx.delete(retentionRules)
      .where(and(eq(retentionRules.orgId, ctx.orgId), eq(retentionRules.kind, kind)))
      .returning(ruleColumns)
    if (!rule) throw notFound('Retention rule')
    await recordAudit(tx, ctx, {
      action: 'retention_rule.delete', entity: 'retention_rule', entityId: rule.id,
      changes: { kind: { from: rule.kind, to: null }, months: { from: rule.months, to: null } },
    })
    return { id: rule.id }
  })
}

/** The instant before which records count as old for a rule of `months`. */
function cutoff(months: number) {
  return sql`now() - make_interval(months => ${months}::int)`
}

/**
 * Contacts with no sign of life for `months`: the contact itself, its activities (created,
 * changed, due or done), its deals and its consent entries are all older than the cutoff.
 */
async function inactiveContacts(tx: Transaction, orgId: string, months: number): Promise<RetentionItem[]> {
  const rows = await tx.execute(sql`
    select c.id, c.first_name || ' ' || c.last_name as label,
           greatest(c.updated_at, a.last_at, d.last_at, k.last_at) as last_activity_at
      from contacts c
      left join lateral (select max(greatest(x.updated_at, coalesce(x.due_at, x.created_at), coalesce(x.completed_at, x.created_at))) as last_at
                           from activities x where x.org_id = c.org_id and x.contact_id = c.id) a on true
      left join lateral (select max(y.updated_at) as last_at from deals y where y.org_id = c.org_id and y.contact_id = c.id) d on true
      left join lateral (select max(greatest(z.occurred_at, z.created_at)) as last_at from consents z where z.org_id = c.org_id and z.contact_id = c.id) k on true
     where c.org_id = ${orgId}
       and greatest(c.updated_at, a.last_at, d.last_at, k.last_at) < ${cutoff(months)}
     order by 3, 1`)
  return resultRows(rows)
}

/** Activities completed before the cutoff. */
async function completedActivities(tx: Transaction, orgId: string, months: number): Promise<RetentionItem[]> {
  const rows = await tx.select({ id: activities.id, label: activities.subject, completedAt: activities.completedAt })
    .from(activities)
    .where(and(eq(activities.orgId, orgId), isNotNull(activities.completedAt), lt(activities.completedAt, cutoff(months))))
    .orderBy(asc(activities.completedAt), asc(activities.id))
  return rows.map(r => ({ id: r.id, label: r.label, lastActivityAt: r.completedAt! }))
}

function resultRows(result: unknown): RetentionItem[] {
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { id: string, label: string, last_activity_at: Date | string }[]
  return rows.map(r => ({ id: r.id, label: r.label, lastActivityAt: new Date(r.last_activity_at) }))
}

async function candidates(tx: Transaction, orgId: string, kind: RetentionKind, months: number): Promise<RetentionItem[]> {
  return kind === 'contacts_inactive' ? inactiveContacts(tx, orgId, months) : completedActivities(tx, orgId, months)
}

const runColumns = {
  id: retentionRuns.id, ruleId: retentionRuns.ruleId, kind: retentionRuns.kind, months: retentionRuns.months, dryRun: retentionRuns.dryRun,
  trigger: retentionRuns.trigger, affected: retentionRuns.affected, actorId: retentionRuns.actorId, actorName: users.name, createdAt: retentionRuns.createdAt,
}

type RunRow = Awaited<ReturnType<typeof selectRuns>>[number]
function selectRuns(tx: Transaction, orgId: string) {
  return tx.select(runColumns).from(retentionRuns)
    .leftJoin(users, and(eq(users.orgId, orgId), eq(users.id, retentionRuns.actorId)))
}
function shapeRun({ actorId, actorName, ...row }: RunRow) {
  return { ...row, actor: actorId && actorName !== null ? { id: actorId, name: actorName } : null }
}
export type RetentionRun = ReturnType<typeof shapeRun>

/** Runs, newest first. */
export async function listRuns(ctx: TenantContext, query: RetentionRunListQuery): Promise<ListResult<RetentionRun>> {
  return withTenant(ctx, async (tx) => {
    const page = await pageOf(
      query,
      () => tx.select({ total: count() }).from(retentionRuns).where(eq(retentionRuns.orgId, ctx.orgId)),
      (limit, offset) => selectRuns(tx, ctx.orgId).where(eq(retentionRuns.orgId, ctx.orgId))
        .orderBy(desc(retentionRuns.createdAt), desc(retentionRuns.id)).limit(limit).offset(offset),
    )
    return { ...page, data: page.data.map(shapeRun) }
  })
}

/**
 * Runs the organization's rule of one kind now. A dry run lists what would go and changes
 * nothing but the run log; a real run erases each inactive contact (as an Art. 17 erasure,
 * reason naming the rule) or deletes the old activities and pseudonymises their audit
 * entries. Every run is recorded with how many records it concerned.
 */
export async function runRule(ctx: TenantContext, input: RetentionRunCreate, trigger: 'schedule' | 'manual' = 'manual'): Promise<{ run: RetentionRun, items: RetentionItem[] }> {
  return withTenant(ctx, async (tx) => {
    const [rule] = await tx.select(ruleColumns).from(retentionRules)
      .where(and(eq(retentionRules.orgId, ctx.orgId), eq(retentionRules.kind, input.kind))).for('update')
    if (!rule) throw notFound('Retention rule')
    const items = await candidates(tx, ctx.orgId, rule.kind, rule.months)
    const actorId = ctx.actorType === 'user' ? ctx.userId : null
    const [run] = await tx.insert(retentionRuns).values({
      orgId: ctx.orgId, ruleId: rule.id, kind: rule.kind, months: rule.months, dryRun: input.dryRun, trigger, affected: items.length, actorId,
    }).returning({ id: retentionRuns.id })
    if (!input.dryRun) {
      await execute(tx, ctx, rule, items)
      await tx.update(retentionRules).set({ lastRunAt: sql`now()`, updatedAt: sql`${retentionRules.updatedAt}` })
        .where(and(eq(retentionRules.orgId, ctx.orgId), eq(retentionRules.id, rule.id)))
      await recordAudit(tx, ctx, {
        action: 'retention.run', entity: 'retention_rule', entityId: rule.id,
        changes: { kind: { from: null, to: rule.kind }, months: { from: null, to: rule.months }, trigger: { from: null, to: trigger }, affected: { from: null, to: items.length } },
      })
    }
    const [row] = await selectRuns(tx, ctx.orgId).where(and(eq(retentionRuns.orgId, ctx.orgId), eq(retentionRuns.id, run!.id)))
    return { run: shapeRun(row!), items }
  })
}

async function execute(tx: Transaction, ctx: TenantContext, rule: RetentionRule, items: RetentionItem[]): Promise<void> {
  if (!items.length) return
  if (rule.kind === 'contacts_inactive') {
    const reason = `Retention rule: no activity for ${rule.months} months`
    for (const item of items) await eraseInTransaction(tx, ctx, item.id, reason)
    return
  }
  const ids = items.map(i => i.id)
  await tx.delete(activities).where(and(eq(activities.orgId, ctx.orgId), inArray(activities.id, ids)))
  // Their audit entries keep the event, not the texts (the run recorded above permits this).
  await tx.execute(sql`select privacy_pseudonymise_audit(${textArray(ids)}::uuid[], array[]::text[])`)
}
