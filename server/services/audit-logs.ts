import { and, count, desc, eq, gte, inArray, like, lt, notInArray, or, sql } from 'drizzle-orm'
import { apiKeys, auditLogs, users } from '../../drizzle/schema'
import type { AuditLogListQuery, HistoryQuery } from '../../shared/schemas'
import type { SQL } from 'drizzle-orm'
import { withTenant, type Transaction, type TenantContext } from '../utils/tenant'
import { escapeLike, pageOf, type ListResult } from './list'
import { mergedInto } from './merge-trail'

/** An entry with the actor's current name (a user's or an API key's), newest first. */
function selectEntries(tx: Transaction, orgId: string) {
  return tx
    .select({
      id: auditLogs.id,
      action: auditLogs.action,
      entity: auditLogs.entity,
      entityId: auditLogs.entityId,
      changes: auditLogs.changes,
      actorId: auditLogs.actorId,
      actorType: auditLogs.actorType,
      actorName: sql<string | null>`coalesce(${users.name}, ${apiKeys.name})`,
      ip: auditLogs.ip,
      userAgent: auditLogs.userAgent,
      createdAt: auditLogs.createdAt,
    })
    .from(auditLogs)
    .leftJoin(users, and(eq(auditLogs.actorType, 'user'), eq(users.orgId, orgId), eq(users.id, auditLogs.actorId)))
    .leftJoin(apiKeys, and(eq(auditLogs.actorType, 'api_key'), eq(apiKeys.orgId, orgId), eq(apiKeys.id, auditLogs.actorId)))
}

export type AuditLogEntry = Awaited<ReturnType<typeof selectEntries>>[number]

function pageWhere(tx: Transaction, orgId: string, where: SQL | undefined, query: Pick<AuditLogListQuery, 'page' | 'limit'>) {
  return pageOf(
    query,
    () => tx.select({ total: count() }).from(auditLogs).where(where),
    (limit, offset) => selectEntries(tx, orgId)
      .where(where)
      .orderBy(desc(auditLogs.createdAt), desc(auditLogs.id))
      .limit(limit)
      .offset(offset),
  )
}

/**
 * The organization's audit log (admin+), newest first. `action` is either a full
 * `resource.verb` or a resource, which matches all of its verbs.
 */
export async function list(ctx: TenantContext, query: AuditLogListQuery): Promise<ListResult<AuditLogEntry>> {
  const where = and(
    eq(auditLogs.orgId, ctx.orgId),
    query.entity ? eq(auditLogs.entity, query.entity) : undefined,
    query.entityId ? eq(auditLogs.entityId, query.entityId) : undefined,
    query.actorId ? eq(auditLogs.actorId, query.actorId) : undefined,
    query.actorType ? eq(auditLogs.actorType, query.actorType) : undefined,
    query.action
      ? (query.action.includes('.') ? eq(auditLogs.action, query.action) : like(auditLogs.action, `${escapeLike(query.action)}.%`))
      : undefined,
    query.from ? gte(auditLogs.createdAt, query.from) : undefined,
    query.to ? lt(auditLogs.createdAt, query.to) : undefined,
  )
  return withTenant(ctx, tx => pageWhere(tx, ctx.orgId, where, query))
}

/**
 * One record's audit entries, newest first (audit_logs_org_entity_idx); a contact's or
 * company's include those of the records merged into it, which keep saying what they said.
 */
export async function history(ctx: TenantContext, entity: string, entityId: string, query: HistoryQuery): Promise<ListResult<AuditLogEntry>> {
  return withTenant(ctx, async (tx) => {
    const merged = entity === 'contact' || entity === 'company' ? await mergedInto(tx, ctx.orgId, entity, entityId) : []
    // Of the merged-away records, what happened to them; their own merge entries repeat the survivor's.
    const theirs = merged.length ? and(inArray(auditLogs.entityId, merged), notInArray(auditLogs.action, [`${entity}.merge`, `${entity}.merge_undo`])) : undefined
    const where = and(eq(auditLogs.orgId, ctx.orgId), eq(auditLogs.entity, entity), theirs ? or(eq(auditLogs.entityId, entityId), theirs) : eq(auditLogs.entityId, entityId))
    return pageWhere(tx, ctx.orgId, where, query)
  })
}
