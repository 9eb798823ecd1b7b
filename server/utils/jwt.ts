import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { errors, jwtVerify, SignJWT } from 'jose'
import { ROLES, type Role } from '../../shared/domain'
import { serverEnv } from './env'

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60
export const REFRESH_TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60

/** What a sign-in or refresh issues: the access token and the refresh token to renew it with. */
export interface SessionTokens { accessToken: string, refreshToken: string, expiresIn: number }
const ALGORITHM = 'HS256'
const AUDIENCE = 'pulse-api'
// RFC 9068 access-token type: a refresh or ID token can never pass as an access token.
const TYPE = 'at+jwt'

/**
 * What an access token says: who, in which organization, with which role when it was
 * issued, and of which session (`sid`: the refresh-token family it was issued for, so a
 * sign-out or a reuse alarm that revokes the family refuses its access tokens at once).
 */
export interface AccessClaims { userId: string, orgId: string, role: Role, sessionId: string }

/** A verified token's claims and when it was issued (compared with users.sessionsValidAfter). */
export interface VerifiedAccess extends AccessClaims { issuedAt: Date }

let key: Uint8Array | undefined

/**
 * The signing key: JWT_SECRET, or for the embedded single-machine mode a random key
 * kept beside the PGlite data. A PostgreSQL deployment without JWT_SECRET does not start.
 */
export function signingKey(): Uint8Array {
  if (key) return key
  const env = serverEnv()
  if (env.JWT_SECRET) return (key = new TextEncoder().encode(env.JWT_SECRET))
  if (env.DATABASE_URL && env.NODE_ENV === 'production') {
    throw new Error('JWT_SECRET (at least 32 characters) is required in production')
  }
  const file = join(env.PGLITE_DIR.includes('://') ? '.data' : dirname(env.PGLITE_DIR), 'jwt-secret')
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 })
  }
  return (key = new TextEncoder().encode(readFileSync(file, 'utf8').trim()))
}

export async function signAccessToken(claims: AccessClaims): Promise<string> {
  const now = Date.now() / 1000
  return new SignJWT({ org: claims.orgId, role: claims.role, sid: claims.sessionId })
    .setProtectedHeader({ alg: ALGORITHM, typ: TYPE })
    .setSubject(claims.userId)
    .setIssuer(serverEnv().JWT_ISSUER)
    .setAudience(AUDIENCE)
    // Millisecond precision (NumericDate may be fractional): a session revoked and renewed
    // within the same second must keep the new token and refuse the old one.
    .setIssuedAt(now)
    // From the same moment, in whole seconds: `exp - iat` never exceeds the lifetime the check allows.
    .setExpirationTime(Math.floor(now) + ACCESS_TOKEN_TTL_SECONDS)
    .setJti(randomBytes(12).toString('base64url'))
    .sign(signingKey())
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Verifies signature, algorithm, issuer, audience, expiry and token type, that the token
 * names its session, and that it lives no longer than this server issues tokens for (a
 * token minted with a stolen key and a year's lifetime is refused); `null` for anything invalid.
 */
export async function verifyAccessToken(token: string): Promise<VerifiedAccess | null> {
  try {
    const { payload } = await jwtVerify(token, signingKey(), {
      algorithms: [ALGORITHM],
      issuer: serverEnv().JWT_ISSUER,
      audience: AUDIENCE,
      typ: TYPE,
      requiredClaims: ['sub', 'exp', 'iat'],
    })
    if (typeof payload.sub !== 'string' || typeof payload.org !== 'string') return null
    if (typeof payload.sid !== 'string' || !UUID.test(payload.sid)) return null
    if (!ROLES.includes(payload.role as Role)) return null
    if (typeof payload.iat !== 'number' || !Number.isFinite(payload.iat)) return null
    if (typeof payload.exp !== 'number' || payload.exp - payload.iat > ACCESS_TOKEN_TTL_SECONDS) return null
    return {
      userId: payload.sub, orgId: payload.org, role: payload.role as Role, sessionId: payload.sid, issuedAt: new Date(Math.round(payload.iat * 1000)),
    }
  }
  catch (error) {
    if (error instanceof errors.JOSEError) return null
    throw error
  }
}

/** How long the second step of a sign-in may take. */
export const MFA_CHALLENGE_TTL_SECONDS = 5 * 60
// Its own type and audience: a challenge never passes as an access token, nor the reverse.
const CHALLENGE_TYPE = 'mfa-challenge+jwt'
const CHALLENGE_AUDIENCE = 'pulse-mfa'

export interface ChallengeClaims { userId: string, orgId: string, issuedAt: Date }

/** The proof that a person gave the right password, good only for answering the second factor within 5 minutes. */
export async function signChallengeToken(claims: { userId: string, orgId: string }): Promise<string> {
  const now = Date.now() / 1000
  return new SignJWT({ org: claims.orgId })
    .setProtectedHeader({ alg: ALGORITHM, typ: CHALLENGE_TYPE })
    .setSubject(claims.userId)
    .setIssuer(serverEnv().JWT_ISSUER)
    .setAudience(CHALLENGE_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(Math.floor(now) + MFA_CHALLENGE_TTL_SECONDS)
    .setJti(randomBytes(12).toString('base64url'))
    .sign(signingKey())
}

/** A challenge's claims, or null when it is not one, expired, or was made for longer than the server makes them. */
export async function verifyChallengeToken(token: string): Promise<ChallengeClaims | null> {
  try {
    const { payload } = await jwtVerify(token, signingKey(), {
      algorithms: [ALGORITHM],
      issuer: serverEnv().JWT_ISSUER,
      audience: CHALLENGE_AUDIENCE,
      typ: CHALLENGE_TYPE,
      requiredClaims: ['sub', 'exp', 'iat'],
    })
    if (typeof payload.sub !== 'string' || !UUID.test(payload.sub)) return null
    if (typeof payload.org !== 'string' || !UUID.test(payload.org)) return null
    if (typeof payload.iat !== 'number' || typeof payload.exp !== 'number' || payload.exp - payload.iat > MFA_CHALLENGE_TTL_SECONDS) return null
    return { userId: payload.sub, orgId: payload.org, issuedAt: new Date(Math.round(payload.iat * 1000)) }
  }
  catch (error) {
    if (error instanceof errors.JOSEError) return null
    throw error
  }
}
