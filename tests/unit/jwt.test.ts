import { SignJWT, UnsecuredJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'

const SECRET = 'unit-test-secret-that-is-long-enough-1234'
let jwt: typeof import('../../server/utils/jwt')

beforeAll(async () => {
  process.env.JWT_SECRET = SECRET
  jwt = await import('../../server/utils/jwt')
})

const claims = {
  userId: '0190a000-0000-7000-8000-000000000001', orgId: '0190a000-0000-7000-8000-000000000002', role: 'member' as const, sessionId: '0190a000-0000-7000-8000-000000000003',
}
const key = new TextEncoder().encode(SECRET)

function forge(header: { alg: string, typ?: string }, overrides: Record<string, unknown> = {}, secret = key) {
  const now = Math.floor(Date.now() / 1000)
  const payload = { sub: claims.userId, iss: 'pulse', aud: 'pulse-api', iat: now, exp: now + 300, org: claims.orgId, role: 'owner', sid: claims.sessionId, ...overrides }
  return new SignJWT(payload).setProtectedHeader(header).sign(secret)
}

describe('access tokens', () => {
  it('round-trips the claims and says when the token was issued', async () => {
    const before = Date.now()
    const token = await jwt.signAccessToken(claims)
    const verified = await jwt.verifyAccessToken(token)
    expect(verified).toEqual({ ...claims, issuedAt: expect.any(Date) })
    expect(verified!.issuedAt.getTime()).toBeGreaterThanOrEqual(before)
    expect(verified!.issuedAt.getTime()).toBeLessThanOrEqual(Date.now())
  })

  it('carries the issue time to the millisecond in iat', async () => {
    const token = await jwt.signAccessToken(claims)
    const { iat } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number }
    expect((await jwt.verifyAccessToken(token))!.issuedAt.getTime()).toBe(Math.round(iat * 1000))
  })

  it('reads a whole-second issue time from other issuers as it is', async () => {
    const iat = Math.floor(Date.now() / 1000) - 10
    const verified = await jwt.verifyAccessToken(await forge({ alg: 'HS256', typ: 'at+jwt' }, { iat }))
    expect(verified?.issuedAt).toEqual(new Date(iat * 1000))
  })

  it('rejects alg none, other algorithms, wrong type, audience, issuer, key, expiry and tampering', async () => {
    const unsecured = new UnsecuredJWT({ org: claims.orgId, role: 'owner', sub: claims.userId, iss: 'pulse', aud: 'pulse-api' }).setIssuedAt().setExpirationTime('5m').encode()
    const valid = await jwt.signAccessToken(claims)
    const [h, p, s] = valid.split('.')
    const tamperedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), role: 'owner' })).toString('base64url')
    const bad = [
      unsecured,
      await forge({ alg: 'HS512', typ: 'at+jwt' }),
      await forge({ alg: 'HS256', typ: 'JWT' }),
      await forge({ alg: 'HS256', typ: 'at+jwt' }, { aud: 'someone-else' }),
      await forge({ alg: 'HS256', typ: 'at+jwt' }, {}, new TextEncoder().encode('another-secret-that-is-long-enough-xyz')),
      await forge({ alg: 'HS256', typ: 'at+jwt' }, { iat: Math.floor(Date.now() / 1000) - 3600, exp: Math.floor(Date.now() / 1000) - 60 }),
      await forge({ alg: 'HS256', typ: 'at+jwt' }, { iss: 'evil' }),
      await forge({ alg: 'HS256', typ: 'at+jwt' }, { sub: undefined }),
      `${h}.${tamperedPayload}.${s}`,
      await forge({ alg: 'HS256', typ: 'at+jwt' }, { role: 'superuser' }),
      await forge({ alg: 'HS256', typ: 'at+jwt' }, { iat: undefined }),
      await forge({ alg: 'HS256', typ: 'at+jwt' }, { iat: 'yesterday' }),
      // No session, or not one this server could have issued: nothing a sign-out could revoke.
      await forge({ alg: 'HS256', typ: 'at+jwt' }, { sid: undefined }),
      await forge({ alg: 'HS256', typ: 'at+jwt' }, { sid: 'session-1' }),
      // A lifetime beyond the 15 minutes this server issues, however fresh.
      await forge({ alg: 'HS256', typ: 'at+jwt' }, { exp: Math.floor(Date.now() / 1000) + 901 }),
      await forge({ alg: 'HS256', typ: 'at+jwt' }, { iat: Math.floor(Date.now() / 1000) - 60, exp: Math.floor(Date.now() / 1000) + 365 * 86_400 }),
      'not-a-token',
    ]
    for (const token of bad) expect(await jwt.verifyAccessToken(token), token).toBeNull()
    // The control: the same forge with the right parameters passes, so the cases above fail for their own reason.
    expect(await jwt.verifyAccessToken(await forge({ alg: 'HS256', typ: 'at+jwt' }))).not.toBeNull()
    expect(await jwt.verifyAccessToken(await forge({ alg: 'HS256', typ: 'at+jwt' }, { exp: Math.floor(Date.now() / 1000) + 900 }))).not.toBeNull()
  })

  it('never issues a token that lives longer than the lifetime it checks', async () => {
    for (let i = 0; i < 200; i++) {
      const { iat, exp } = JSON.parse(Buffer.from((await jwt.signAccessToken(claims)).split('.')[1]!, 'base64url').toString()) as { iat: number, exp: number }
      expect(exp - iat).toBeLessThanOrEqual(jwt.ACCESS_TOKEN_TTL_SECONDS)
      expect(exp - iat).toBeGreaterThan(jwt.ACCESS_TOKEN_TTL_SECONDS - 1)
    }
  })
})

describe('second-factor challenges', () => {
  const person = { userId: claims.userId, orgId: claims.orgId }

  it('round-trip the person they were made for', async () => {
    const challenge = await jwt.signChallengeToken(person)
    expect(await jwt.verifyChallengeToken(challenge)).toEqual({ ...person, issuedAt: expect.any(Date) })
  })

  it('are never taken for access tokens, nor access tokens for them', async () => {
    const challenge = await jwt.signChallengeToken(person)
    expect(await jwt.verifyAccessToken(challenge)).toBeNull()
    expect(await jwt.verifyChallengeToken(await jwt.signAccessToken(claims))).toBeNull()
    // Same key, access-token audience, challenge type: still refused either way.
    const mixed = await forge({ alg: 'HS256', typ: 'mfa-challenge+jwt' })
    expect(await jwt.verifyAccessToken(mixed)).toBeNull()
    expect(await jwt.verifyChallengeToken(mixed)).toBeNull()
  })

  it('refuse one that lives longer than five minutes or has expired', async () => {
    const now = Math.floor(Date.now() / 1000)
    const make = (iat: number, exp: number) => new SignJWT({ org: claims.orgId })
      .setProtectedHeader({ alg: 'HS256', typ: 'mfa-challenge+jwt' })
      .setSubject(claims.userId).setIssuer('pulse').setAudience('pulse-mfa').setIssuedAt(iat).setExpirationTime(exp).sign(key)
    expect(await jwt.verifyChallengeToken(await make(now, now + 300))).not.toBeNull()
    expect(await jwt.verifyChallengeToken(await make(now, now + 3600))).toBeNull()
    expect(await jwt.verifyChallengeToken(await make(now - 400, now - 100))).toBeNull()
  })
})
