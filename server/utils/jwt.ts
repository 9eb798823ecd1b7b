import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { errors, jwtVerify, SignJWT } from 'jose'
import { ROLES, type Role } from '../../shared/domain'
import { serverEnv } from './env'

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60
const ALGORITHM = 'HS256'
const AUDIENCE = 'pulse-api'
// RFC 9068 access-token type: a refresh or ID token can never pass as an access token.
const TYPE = 'at+jwt'

export interface AccessClaims { userId: string, orgId: string, role: Role }

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
  return new SignJWT({ org: claims.orgId, role: claims.role })
    .setProtectedHeader({ alg: ALGORITHM, typ: TYPE })
    .setSubject(claims.userId)
    .setIssuer(serverEnv().JWT_ISSUER)
    .setAudience(AUDIENCE)
    // Millisecond precision (NumericDate may be fractional): a session revoked and renewed
    // within the same second must keep the new token and refuse the old one.
    .setIssuedAt(Date.now() / 1000)
    .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
    .setJti(randomBytes(12).toString('base64url'))
    .sign(signingKey())
}

/** Verifies signature, algorithm, issuer, audience, expiry and token type; `null` for anything invalid. */
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
    if (!ROLES.includes(payload.role as Role)) return null
    if (typeof payload.iat !== 'number' || !Number.isFinite(payload.iat)) return null
    return { userId: payload.sub, orgId: payload.org, role: payload.role as Role, issuedAt: new Date(Math.round(payload.iat * 1000)) }
  }
  catch (error) {
    if (error instanceof errors.JOSEError) return null
    throw error
  }
}
