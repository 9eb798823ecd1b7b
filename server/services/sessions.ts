import { createHmac } from 'node:crypto'
import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { refreshTokens, users } from '../../drizzle/schema'
import { resultRows, type Transaction } from '../database/client'
import { unauthorized } from '../utils/api'
import type { SessionClient } from '../utils/auth'
import { serverEnv } from '../utils/env'
import { ACCESS_TOKEN_TTL_SECONDS, REFRESH_TOKEN_TTL_SECONDS, signAccessToken, signingKey, type SessionTokens } from '../utils/jwt'
import { hashSecret, newSecret, organizationOfSecret } from '../utils/secrets'
import { withTenant, withoutTenant } from '../utils/tenant'

/**
 * How long a browser session's refresh token, once rotated, still answers with the
 * token that replaced it instead of counting as reuse: tabs and server-side renders
 * refresh at the same moment with one cookie, and a response carrying the new cookie
 * can be lost when a page load is cancelled.
 */
export const REFRESH_REUSE_GRACE_SECONDS = 30

/** Refresh tokens of API clients, and of browser sessions (the only ones with the grace above). */
const API_PREFIX = 'rt_'
const BROWSER_PREFIX = 'rtb_'
/** How far a grace answer follows a chain of rotations to its current token. */
const MAX_SUCCESSOR_STEPS = 8

export interface SessionInput extends SessionClient { orgId: string, userId: string }

const SESSION_EXPIRED = 'Your session has expired, please sign in again'

let successorKey: Buffer | undefined

/**
 * The token that replaces `token` when it is rotated: an HMAC of it under a key derived
 * from the signing key, with the same prefix. Only hashes are stored, so this is what
 * lets a grace answer hand out the replacement again; without the key it is as
 * unpredictable as a random token.
 */
function successorOf(token: string): string {
  successorKey ??= createHmac('sha256', signingKey()).update('pulse refresh-token successor v1').digest()
  const prefix = token.startsWith(BROWSER_PREFIX) ? BROWSER_PREFIX : API_PREFIX
  return `${prefix}${createHmac('sha256', successorKey).update(token).digest('base64url')}`
}

/**
 * When a session's tokens stop renewing: REFRESH_TOKEN_TTL_SECONDS from now, but never
 * beyond SESSION_MAX_AGE_SECONDS after its sign-in. The family id is a UUIDv7 made at
 * sign-in, so its first 48 bits are that moment in milliseconds.
 */
export function refreshExpiry(familyId: string, now = Date.now()): Date {
  const signedInAt = Number.parseInt(familyId.replaceAll('-', '').slice(0, 12), 16)
  return new Date(Math.min(now + REFRESH_TOKEN_TTL_SECONDS * 1000, signedInAt + serverEnv().SESSION_MAX_AGE_SECONDS * 1000))
}

async function mintTokens(
  tx: Transaction,
  session: SessionInput & { role: typeof users.$inferSelect['role'], familyId: string },
  refreshToken = newSecret(session.browser ? BROWSER_PREFIX : API_PREFIX),
): Promise<SessionTokens> {
  await tx.insert(refreshTokens).values({
    orgId: session.orgId,
    userId: session.userId,
    familyId: session.familyId,
    tokenHash: hashSecret(refreshToken),
    expiresAt: refreshExpiry(session.familyId),
    ip: session.ip ?? null,
    userAgent: session.userAgent?.slice(0, 500) ?? null,
  })
  const accessToken = await signAccessToken({ userId: session.userId, orgId: session.orgId, role: session.role, sessionId: session.familyId })
  return { accessToken, refreshToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS }
}

/** A new session (new refresh-token family) inside the caller's tenant transaction. */
export async function issueSession(tx: Transaction, input: SessionInput): Promise<SessionTokens> {
  const [user] = await tx.select({ role: users.role }).from(users)
    .where(and(eq(users.orgId, input.orgId), eq(users.id, input.userId)))
  if (!user) throw unauthorized()
  return mintTokens(tx, { ...input, role: user.role, familyId: uuidv7() })
}

/**
 * Signs a user in on one more device: an access token and a new refresh-token family.
 * Used after sign-up, sign-in, password changes and accepted invitations.
 */
export function createSession(input: SessionInput): Promise<SessionTokens> {
  return withTenant({ orgId: input.orgId }, tx => issueSession(tx, input))
}

type RefreshOutcome = { tokens: SessionTokens } | { reused: { userId: string, familyId: string } } | { invalid: true }

/**
 * Exchanges a refresh token for a new pair. The token is rotated with one conditional
 * UPDATE, so of two concurrent uses exactly one wins; presenting a token that was already
 * rotated or revoked (theft, or the losing side of that race) revokes its whole family.
 *
 * Browser sessions (`rtb_…`) soften the race: for REFRESH_REUSE_GRACE_SECONDS after a
 * token was rotated, presenting it again answers the token that replaced it (or, when
 * that one was rotated too, the current end of the chain) with a fresh access token,
 * and mints nothing. After that window, or once the family is revoked, it is reuse.
 */
export async function refreshSession(refreshToken: string, client: SessionClient = {}): Promise<SessionTokens> {
  const orgId = await organizationOfSecret('refresh', refreshToken)
  if (!orgId) throw unauthorized(SESSION_EXPIRED)
  const tokenHash = hashSecret(refreshToken)
  const outcome = await withTenant({ orgId }, async (tx): Promise<RefreshOutcome> => {
    const [owner] = await tx.select({ userId: refreshTokens.userId }).from(refreshTokens)
      .where(and(eq(refreshTokens.orgId, orgId), eq(refreshTokens.tokenHash, tokenHash)))
    if (!owner) return { invalid: true }
    await lockUser(tx, orgId, owner.userId)
    const [current] = await tx.update(refreshTokens)
      .set({ rotatedAt: new Date() })
      .where(and(
        eq(refreshTokens.orgId, orgId),
        eq(refreshTokens.tokenHash, tokenHash),
        isNull(refreshTokens.rotatedAt),
        isNull(refreshTokens.revokedAt),
        gt(refreshTokens.expiresAt, sql`now()`),
      ))
      .returning({ userId: refreshTokens.userId, familyId: refreshTokens.familyId })
    if (current) {
      const role = await roleOf(tx, orgId, current.userId)
      if (!role) return { invalid: true }
      return { tokens: await mintTokens(tx, { orgId, ...current, ...client, role }, successorOf(refreshToken)) }
    }
    const [used] = await tx.select({ userId: refreshTokens.userId, familyId: refreshTokens.familyId, rotatedAt: refreshTokens.rotatedAt, revokedAt: refreshTokens.revokedAt })
      .from(refreshTokens)
      .where(and(eq(refreshTokens.orgId, orgId), eq(refreshTokens.tokenHash, tokenHash)))
    if (!used || (!used.rotatedAt && !used.revokedAt)) return { invalid: true } // merely expired
    if (refreshToken.startsWith(BROWSER_PREFIX) && used.rotatedAt && !used.revokedAt
      && Date.now() - used.rotatedAt.getTime() <= REFRESH_REUSE_GRACE_SECONDS * 1000) {
      const tokens = await replayRotation(tx, orgId, used, refreshToken)
      if (tokens) return { tokens }
    }
    await revokeFamily(tx, orgId, used.familyId)
    return { reused: { userId: used.userId, familyId: used.familyId } }
  })
  // Thrown only now: the family's revocation above must commit, not roll back with the error.
  if ('reused' in outcome) {
    console.warn(`[auth] a rotated or revoked refresh token was presented again: family ${outcome.reused.familyId} of user ${outcome.reused.userId} (org ${orgId}) revoked`)
  }
  if (!('tokens' in outcome)) throw unauthorized(SESSION_EXPIRED)
  return outcome.tokens
}

async function roleOf(tx: Transaction, orgId: string, userId: string) {
  const [user] = await tx.select({ role: users.role }).from(users)
    .where(and(eq(users.orgId, orgId), eq(users.id, userId)))
  return user?.role
}

/**
 * The grace answer: follows the rotated token's successors within its family to the one
 * not yet rotated and answers it with a new access token. Null when the chain is broken
 * (revoked, expired, or the signing key changed), which the caller treats as reuse.
 */
async function replayRotation(tx: Transaction, orgId: string, used: { userId: string, familyId: string }, rotated: string): Promise<SessionTokens | null> {
  let token = rotated
  for (let step = 0; step < MAX_SUCCESSOR_STEPS; step++) {
    token = successorOf(token)
    const [next] = await tx.select({ rotatedAt: refreshTokens.rotatedAt, revokedAt: refreshTokens.revokedAt, expiresAt: refreshTokens.expiresAt })
      .from(refreshTokens)
      .where(and(eq(refreshTokens.orgId, orgId), eq(refreshTokens.familyId, used.familyId), eq(refreshTokens.tokenHash, hashSecret(token))))
    if (!next || next.revokedAt || next.expiresAt <= new Date()) return null
    if (next.rotatedAt) continue
    const role = await roleOf(tx, orgId, used.userId)
    if (!role) return null
    const accessToken = await signAccessToken({ userId: used.userId, orgId, role, sessionId: used.familyId })
    return { accessToken, refreshToken: token, expiresIn: ACCESS_TOKEN_TTL_SECONDS }
  }
  return null
}

/** Signs one device out: revokes the family of the presented refresh token. Unknown tokens are ignored. */
export async function endSession(refreshToken: string): Promise<void> {
  const orgId = await organizationOfSecret('refresh', refreshToken)
  if (!orgId) return
  await withTenant({ orgId }, async (tx) => {
    const [row] = await tx.select({ userId: refreshTokens.userId, familyId: refreshTokens.familyId }).from(refreshTokens)
      .where(and(eq(refreshTokens.orgId, orgId), eq(refreshTokens.tokenHash, hashSecret(refreshToken))))
    if (!row) return
    await lockUser(tx, orgId, row.userId)
    await revokeFamily(tx, orgId, row.familyId)
  })
}

/**
 * Every change to a user's sessions (rotation, family revocation, sign-out everywhere)
 * first locks the user's row. Without it, a refresh racing a password change could
 * insert its new token after the revocation had looked for tokens, and outlive it.
 */
async function lockUser(tx: Transaction, orgId: string, userId: string): Promise<void> {
  await tx.select({ id: users.id }).from(users).where(and(eq(users.orgId, orgId), eq(users.id, userId))).for('update')
}

async function revokeFamily(tx: Transaction, orgId: string, familyId: string): Promise<void> {
  await tx.update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.orgId, orgId), eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)))
}

/**
 * Signs a user out everywhere, inside the caller's tenant transaction: revokes every
 * refresh-token family and sets `users.sessions_valid_after`, so access tokens issued
 * before now are refused (`iat` has millisecond precision); a session issued after this
 * call in the same transaction stays valid.
 */
export async function revokeAllSessions(tx: Transaction, orgId: string, userId: string): Promise<void> {
  const now = new Date()
  // The users row first: it is the lock every refresh of this user takes (see lockUser).
  await tx.update(users)
    .set({ sessionsValidAfter: now })
    .where(and(eq(users.orgId, orgId), eq(users.id, userId)))
  await tx.update(refreshTokens)
    .set({ revokedAt: now })
    .where(and(eq(refreshTokens.orgId, orgId), eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)))
}

/**
 * Signed-in sessions across every organization, for the metrics: a count only, read by
 * the SECURITY DEFINER function metrics_active_sessions() (migration 0016), the runtime
 * role's one way to learn anything about other tenants' tokens.
 */
export async function countActiveSessions(): Promise<number> {
  const result = await withoutTenant(tx => tx.execute(sql`select metrics_active_sessions() as n`))
  return Number(resultRows<{ n: string | number }>(result)[0]?.n ?? 0)
}
