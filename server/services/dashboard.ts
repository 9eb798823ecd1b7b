import { and, count, desc, eq, gte, isNull, lt, sql, sum } from 'drizzle-orm'
import { activities, companies, contacts, deals, pipelines, users } from '../../drizzle/schema'
import { withTenant, type TenantContext } from '../utils/tenant'

/** Start of today and of the month, in UTC; the UI shows them in the user's zone. */
function periodStarts(now = new Date()) {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
  const tomorrow = new Date(today.getTime() + 86_400_000)
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))
  return { today, tomorrow, month }
}

/** The numbers a sales team opens Pulse for: pipeline, this month's results, and what is due. */
export async function summary(ctx: TenantContext) {
  const { tomorrow, today, month } = periodStarts()
  return withTenant(ctx, async (tx) => {
    const org = eq(contacts.orgId, ctx.orgId)
    const [[contactCount], [companyCount], openByCurrency, wonThisMonth, myDue, recent, openByStage, pipelineRows] = await Promise.all([
      tx.select({ n: count() }).from(contacts).where(org),
      tx.select({ n: count() }).from(companies).where(eq(companies.orgId, ctx.orgId)),
      tx.select({ currency: deals.currency, count: count(), value: sum(deals.value) })
        .from(deals).where(and(eq(deals.orgId, ctx.orgId), eq(deals.status, 'open')))
        .groupBy(deals.currency).orderBy(desc(sum(deals.value))),
      tx.select({ status: deals.status, currency: deals.currency, count: count(), value: sum(deals.value) })
        .from(deals).where(and(eq(deals.orgId, ctx.orgId), sql`${deals.status} <> 'open'`, gte(deals.closedAt, month)))
        .groupBy(deals.status, deals.currency),
      tx.select({ id: activities.id, type: activities.type, subject: activities.subject, dueAt: activities.dueAt })
        .from(activities)
        .where(and(
          eq(activities.orgId, ctx.orgId),
          ctx.userId ? eq(activities.ownerId, ctx.userId) : sql`false`,
          isNull(activities.completedAt),
          lt(activities.dueAt, tomorrow),
        ))
        .orderBy(activities.dueAt).limit(20),
      tx.select({
        id: activities.id, type: activities.type, subject: activities.subject,
        createdAt: activities.createdAt, ownerName: users.name,
      })
        .from(activities)
        .leftJoin(users, and(eq(users.orgId, activities.orgId), eq(users.id, activities.ownerId)))
        .where(eq(activities.orgId, ctx.orgId))
        .orderBy(desc(activities.createdAt), desc(activities.id)).limit(8),
      tx.select({ pipelineId: deals.pipelineId, stageId: deals.stageId, currency: deals.currency, count: count(), value: sum(deals.value) })
        .from(deals).where(and(eq(deals.orgId, ctx.orgId), eq(deals.status, 'open')))
        .groupBy(deals.pipelineId, deals.stageId, deals.currency),
      tx.select({ id: pipelines.id, name: pipelines.name, stages: pipelines.stages })
        .from(pipelines).where(eq(pipelines.orgId, ctx.orgId)).orderBy(pipelines.position, pipelines.id),
    ])
    // Bars follow the board: pipelines in their order, stages by position.
    const byStage = pipelineRows.flatMap(p => [...p.stages].sort((a, b) => a.position - b.position).flatMap(stage =>
      openByStage.filter(r => r.pipelineId === p.id && r.stageId === stage.id).map(r => ({
        pipelineId: p.id, pipelineName: p.name, stageId: stage.id, stageName: stage.name,
        currency: r.currency, count: r.count, value: r.value ?? '0',
      }))))
    return {
      contacts: contactCount?.n ?? 0,
      companies: companyCount?.n ?? 0,
      openDeals: openByCurrency.map(r => ({ currency: r.currency, count: r.count, value: r.value ?? '0' })),
      openByStage: byStage,
      closedThisMonth: wonThisMonth.map(r => ({ status: r.status, currency: r.currency, count: r.count, value: r.value ?? '0' })),
      myTasks: {
        overdue: myDue.filter(a => a.dueAt && a.dueAt < today),
        today: myDue.filter(a => a.dueAt && a.dueAt >= today),
      },
      recentActivities: recent,
    }
  })
}
