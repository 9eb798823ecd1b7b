import { and, count, desc, eq, isNull } from 'drizzle-orm'
import { apiKeys, auditLogs, users } from '../../drizzle/schema'
import type { ApiKeyCreate, ApiKeyListQuery } from '../../shared/schemas'
import { notFound } from '../utils/api'
import { API_KEY_PREFIX, auditActor } from '../utils/auth'
import { hashSecret, newSecret } from '../utils/secrets'
import { withTenant, type TenantContext } from '../utils/tenant'
import { pageOf } from './list'

/** How much of a key lists show, so people can tell keys apart (`pk_` and 7 random characters). */
export const API_KEY_PREFIX_LENGTH = 10

const keyColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  scope: apiKeys.scope,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
}

/**
 * Creates a key (admin+). The key itself is in this answer only: the database keeps its
 * SHA-256 and the first characters.
 */
export async function create(ctx: TenantContext, input: ApiKeyCreate) {
  const key = newSecret(API_KEY_PREFIX)
  const prefix = key.slice(0, API_KEY_PREFIX_LENGTH)
  return withTenant(ctx, async (tx) => {
    const [row] = await tx.insert(apiKeys)
      .values({ orgId: ctx.orgId, name: input.name, scope: input.scope, prefix, keyHash: hashSecret(key), createdBy: ctx.userId })
      .returning({ id: apiKeys.id, name: apiKeys.name, scope: apiKeys.scope, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt })
    await tx.insert(auditLogs).values({
      orgId: ctx.orgId, ...auditActor(ctx), action: 'api_key.create', entity: 'api_key', entityId: row!.id,
      changes: { name: input.name, scope: input.scope, prefix },
    })
    return { ...row!, key }
  })
}

/** The organization's keys, newest first, with who created them; revoked ones only on request. */
export async function list(ctx: TenantContext, query: ApiKeyListQuery) {
  const where = and(eq(apiKeys.orgId, ctx.orgId), query.includeRevoked ? undefined : isNull(apiKeys.revokedAt))
  return withTenant(ctx, tx => pageOf(
    query,
    () => tx.select({ total: count() }).from(apiKeys).where(where),
    (limit, offset) => tx
      .select({ ...keyColumns, createdBy: { id: users.id, name: users.name } })
      .from(apiKeys)
      .leftJoin(users, and(eq(users.orgId, ctx.orgId), eq(users.id, apiKeys.createdBy)))
      .where(where)
      .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
      .limit(limit).offset(offset),
  ))
}

/** Revokes a key (admin+); the next request with it is refused. Revoking twice changes nothing. */
export async function revoke(ctx: TenantContext, id: string) {
  return withTenant(ctx, async (tx) => {
    const [key] = await tx.select(keyColumns).from(apiKeys)
      .where(and(eq(apiKeys.orgId, ctx.orgId), eq(apiKeys.id, id)))
      .for('update')
    if (!key) throw notFound('API key')
    if (key.revokedAt) return key
    const [revoked] = await tx.update(apiKeys).set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.orgId, ctx.orgId), eq(apiKeys.id, id)))
      .returning(keyColumns)
    await tx.insert(auditLogs).values({
      orgId: ctx.orgId, ...auditActor(ctx), action: 'api_key.revoke', entity: 'api_key', entityId: id,
      changes: { name: key.name, prefix: key.prefix },
    })
    return revoked!
  })
}
