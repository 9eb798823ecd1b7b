import type { H3Event } from 'h3'
import { getHeader, getRequestURL } from 'h3'
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm'
import { apiKeys } from '../../drizzle/schema'
import { ROLES, type ApiKeyScope, type Role } from '../../shared/domain'
import { resultRows } from '../database/client'
import { runStatement } from '../database/transaction'
import { forbidden, unauthorized } from './api'
import { clientIp } from './client-ip'
import { ACCESS_TOKEN_TTL_SECONDS, verifyAccessToken, type VerifiedAccess } from './jwt'
import { serverEnv } from './env'
import { hashSecret, organizationOfSecret } from './secrets'
import { useDatabaseHandle } from './db'
import { withTenant, type TenantContext } from './tenant'

declare module 'h3' {
  interface H3EventContext { tenant?: TenantContext | null }
}

/** API keys start with this; anything else in the Bearer header is read as an access token. */
export const API_KEY_PREFIX = 'pk_'

/** A key's lastUsedAt is written at most this often, not on every request. */
export const API_KEY_TOUCH_INTERVAL_MS = 60_000

const READ_METHODS = new Set(['GET', 'HEAD'])

/**
 * Where a request came from, as the audit trail records it; outside production also the
 * origin it was sent to, for the links in the mails it causes (see `appUrlFor`).
 */
export interface RequestOrigin { ip: string | null, userAgent: string | null, appUrl?: string | null }

/**
 * The device a session is started or refreshed from (`requestOrigin(event)`), recorded with its tokens.
 * `browser`: the web app, which keeps the refresh token in an httpOnly cookie (session-cookies.ts).
 */
export interface SessionClient { ip?: string | null, userAgent?: string | null, browser?: boolean }

/** The role an API key acts with: read keys read, read_write keys work like a member. */
export const apiKeyRole = (scope: ApiKeyScope): Role => (scope === 'read_write' ? 'member' : 'viewer')

/** The client's address (behind trusted proxies only) and user agent, for the audit trail. */
export function requestOrigin(event: H3Event): RequestOrigin {
  return {
    ip: clientIp(event),
    userAgent: getHeader(event, 'user-agent')?.slice(0, 500) ?? null,
    // Production links always use APP_URL: a Host header is the client's to choose.
    ...(serverEnv().NODE_ENV === 'production' ? {} : { appUrl: getRequestURL(event).origin }),
  }
}

/** Tokens whose signature and claims verified, until they expire: a client sends the same one for 15 minutes. */
const verified = new Map<string, { claims: VerifiedAccess, expiresAt: number }>()
const VERIFIED_MAX = 10_000

/**
 * `verifyAccessToken` once per token string instead of once per request (its HMAC was about
 * a tenth of a detail request's CPU). Only tokens that verified are remembered, each until its
 * own expiry (jose sets `exp` to the whole second of issue + the TTL); the oldest entry makes
 * room for a new one. Whether the user may still act is checked on every request regardless.
 */
async function verifiedToken(token: string): Promise<VerifiedAccess | null> {
  const held = verified.get(token)
  if (held && Date.now() < held.expiresAt) return held.claims
  if (held) verified.delete(token)
  const claims = await verifyAccessToken(token)
  if (!claims) return null
  const expiresAt = (Math.floor(claims.issuedAt.getTime() / 1000) + ACCESS_TOKEN_TTL_SECONDS) * 1000
  if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!)
  verified.set(token, { claims, expiresAt })
  return claims
}

/**
 * A signed-in person: the token must verify, the user still exist, the token's session
 * (refresh-token family) not be revoked, and the user's sessions not have been ended since
 * it was issued. One statement, no transaction of its own (migrations 0022, 0024): this
 * runs before every signed-in request.
 */
async function userIdentity(token: string, origin: RequestOrigin): Promise<TenantContext | null> {
  const claims = await verifiedToken(token)
  if (!claims) return null
  const { db } = await useDatabaseHandle()
  const result = await runStatement(db, handle => handle.execute(sql`
    select role, sessions_valid_after as "sessionsValidAfter", session_live as "sessionLive", mfa_enrolment_due as "mfaEnrolmentDue"
    from auth_session_user(${claims.orgId}, ${claims.userId}, ${claims.sessionId})`))
  const [user] = resultRows<{ role: Role, sessionsValidAfter: string | Date | null, sessionLive: boolean, mfaEnrolmentDue: boolean }>(result)
  if (!user?.sessionLive) return null
  // A raw statement answers timestamps as text (postgres.js) or as Date (PGlite).
  const validAfter = user.sessionsValidAfter === null ? null : new Date(user.sessionsValidAfter)
  if (validAfter && claims.issuedAt < validAfter) return null
  // The role is the current one: a demotion takes effect on the next request, whatever the token says.
  return {
    orgId: claims.orgId, userId: claims.userId, role: user.role, actorType: 'user', ...origin,
    ...(user.mfaEnrolmentDue ? { mfaEnrolmentDue: true } : {}),
  }
}

/** An automation client: the key must exist and not be revoked; its use is recorded about once a minute. */
async function apiKeyIdentity(key: string, origin: RequestOrigin): Promise<TenantContext | null> {
  const orgId = await organizationOfSecret('api_key', key)
  if (!orgId) return null
  const keyHash = hashSecret(key)
  const found = await withTenant({ orgId }, async (tx) => {
    const [row] = await tx
      .select({ id: apiKeys.id, scope: apiKeys.scope, revokedAt: apiKeys.revokedAt, lastUsedAt: apiKeys.lastUsedAt })
      .from(apiKeys)
      .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.keyHash, keyHash)))
    if (!row || row.revokedAt) return null
    const now = new Date()
    const staleBefore = new Date(now.getTime() - API_KEY_TOUCH_INTERVAL_MS)
    if (!row.lastUsedAt || row.lastUsedAt < staleBefore) {
      // The condition repeats in SQL so concurrent requests write once; updatedAt stays the last edit.
      await tx.update(apiKeys)
        .set({ lastUsedAt: now, updatedAt: sql`${apiKeys.updatedAt}` })
        .where(and(
          eq(apiKeys.orgId, orgId), eq(apiKeys.id, row.id),
          or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, staleBefore)),
        ))
    }
    return row
  })
  if (!found) return null
  return {
    orgId, userId: null, role: apiKeyRole(found.scope), actorType: 'api_key', apiKeyId: found.id, scope: found.scope, ...origin,
  }
}

/**
 * The identity behind a Bearer credential: an API key (`pk_…`) or a JWT access token.
 * `null` when it is unknown, expired, revoked or its user is gone.
 */
export async function identifyCredential(credential: string, origin: RequestOrigin): Promise<TenantContext | null> {
  return credential.startsWith(API_KEY_PREFIX) ? apiKeyIdentity(credential, origin) : userIdentity(credential, origin)
}

/** Resolves the caller from `Authorization: Bearer <token>`, once per request (cached on the event). */
export async function authenticate(event: H3Event): Promise<TenantContext | null> {
  if (event.context.tenant !== undefined) return event.context.tenant
  const credential = getHeader(event, 'authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1]
  const tenant = credential ? await identifyCredential(credential, requestOrigin(event)) : null
  event.context.tenant = tenant
  return tenant
}

/** Any valid identity; a read-only API key may only read. */
export async function requireAuth(event: H3Event): Promise<TenantContext> {
  const ctx = await authenticate(event)
  if (!ctx) throw unauthorized()
  if (ctx.actorType === 'api_key' && ctx.scope !== 'read_write' && !READ_METHODS.has(event.method)) {
    throw forbidden('This API key may only read')
  }
  return ctx
}

/** Roles are ordered: owner ⊃ admin ⊃ member ⊃ viewer. */
export function hasRole(actual: Role, minimum: Role): boolean {
  return ROLES.indexOf(actual) <= ROLES.indexOf(minimum)
}

export async function requireRole(event: H3Event, minimum: Role): Promise<TenantContext> {
  const ctx = await requireAuth(event)
  if (!hasRole(ctx.role, minimum)) throw forbidden()
  return ctx
}

/**
 * A signed-in person with at least `minimum`, never an API key: for managing members,
 * invitations and API keys, the organization itself, and the user's own password.
 */
export async function requireUser(event: H3Event, minimum: Role = 'viewer'): Promise<TenantContext & { userId: string }> {
  const ctx = await requireRole(event, minimum)
  if (ctx.actorType !== 'user' || !ctx.userId) throw forbidden('API keys may not do this')
  return ctx as TenantContext & { userId: string }
}

/** The actor columns of an audit entry, from the context (never a secret). */
export function auditActor(ctx: TenantContext) {
  return {
    actorId: ctx.actorType === 'api_key' ? (ctx.apiKeyId ?? null) : ctx.userId,
    actorType: ctx.actorType,
    ip: ctx.ip ?? null,
    userAgent: ctx.userAgent ?? null,
  }
}
