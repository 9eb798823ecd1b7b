import type { H3Event } from 'h3'
import { getHeader, getRequestIP } from 'h3'
import { ROLES, type Role } from '../../shared/domain'
import type { TenantContext } from '../database/tenant'
import { forbidden, unauthorized } from './api'
import { verifyAccessToken } from './jwt'

declare module 'h3' {
  interface H3EventContext { tenant?: TenantContext | null }
}

/** Resolves the caller from `Authorization: Bearer <token>`, once per request. */
export async function authenticate(event: H3Event): Promise<TenantContext | null> {
  if (event.context.tenant !== undefined) return event.context.tenant
  const header = getHeader(event, 'authorization')
  const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1]
  const claims = token ? await verifyAccessToken(token) : null
  event.context.tenant = claims
    ? {
        orgId: claims.orgId,
        userId: claims.userId,
        role: claims.role,
        actorType: 'user',
        ip: getRequestIP(event, { xForwardedFor: true }) ?? null,
        userAgent: getHeader(event, 'user-agent')?.slice(0, 500) ?? null,
      }
    : null
  return event.context.tenant
}

export async function requireAuth(event: H3Event): Promise<TenantContext> {
  const ctx = await authenticate(event)
  if (!ctx) throw unauthorized()
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
