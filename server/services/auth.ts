import { and, eq, sql } from 'drizzle-orm'
import { organizations, users } from '../../drizzle/schema'
import type { LoginInput } from '../../shared/schemas'
import { resultRows } from '../database/client'
import type { TenantContext } from '../database/tenant'
import { unauthorized } from '../utils/api'
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken } from '../utils/jwt'
import { verifyPassword } from '../utils/password'
import { withTenant, withoutTenant } from '../utils/tenant'

export interface SessionUser { id: string, email: string, name: string, role: TenantContext['role'], locale: 'de' | 'en' }
export interface SessionOrganization { id: string, name: string, settings: typeof organizations.$inferSelect['settings'] }

interface LoginRow { org_id: string, user_id: string, password_hash: string | null }

const INVALID_LOGIN = 'Email or password is incorrect'

async function loadSession(orgId: string, userId: string) {
  return withTenant({ orgId }, async (tx) => {
    const [row] = await tx
      .select({
        user: { id: users.id, email: users.email, name: users.name, role: users.role, locale: users.locale },
        organization: { id: organizations.id, name: organizations.name, settings: organizations.settings },
      })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.orgId))
      .where(and(eq(users.orgId, orgId), eq(users.id, userId)))
    return row ?? null
  })
}

/** Email + password → access token. Unknown email and wrong password answer alike, in about the same time. */
export async function login(input: LoginInput) {
  const account = await withoutTenant(async (tx) => {
    const result = await tx.execute(sql`select org_id, user_id, password_hash from auth_find_login(${input.email})`)
    return resultRows<LoginRow>(result)[0]
  })
  const valid = await verifyPassword(account?.password_hash, input.password)
  if (!account || !valid) throw unauthorized(INVALID_LOGIN)

  await withTenant({ orgId: account.org_id }, tx =>
    tx.update(users).set({ lastLoginAt: new Date() }).where(and(eq(users.orgId, account.org_id), eq(users.id, account.user_id))))
  const session = await loadSession(account.org_id, account.user_id)
  if (!session) throw unauthorized(INVALID_LOGIN)
  const accessToken = await signAccessToken({ userId: session.user.id, orgId: session.organization.id, role: session.user.role })
  return { ...session, accessToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS }
}

/** The signed-in user and organization; 401 when the account no longer exists. */
export async function me(ctx: TenantContext) {
  const session = ctx.userId ? await loadSession(ctx.orgId, ctx.userId) : null
  if (!session) throw unauthorized()
  return session
}
