import { and, count, eq, gt, isNull, sql } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { auditLogs, organizations, passwordResets, pipelines, users } from '../../drizzle/schema'
import { LOCALES, type Locale } from '../../shared/domain'
import type {
  ChangePasswordInput, ForgotPasswordInput, LoginInput, MfaVerifyInput, ProfileUpdate, RegisterInput, ResetPasswordInput,
} from '../../shared/schemas'
import { resultRows, type Transaction } from '../database/client'
import { defaultPipeline } from '../database/pipelines'
import { ApiError, conflict, forbidden, RateLimited, unauthorized, validationError } from '../utils/api'
import type { RequestOrigin, SessionClient } from '../utils/auth'
import { appUrlFor } from '../utils/env'
import { loggable } from '../utils/error-envelope'
import { sendMail } from '../utils/mail'
import { MFA_CHALLENGE_TTL_SECONDS, signChallengeToken, verifyChallengeToken, type SessionTokens } from '../utils/jwt'
import { secondFactorThrottle, signInThrottle } from '../utils/rate-limit'
import { metrics } from '../utils/metrics'
import { assertAcceptablePassword, hashPassword, verifyPassword } from '../utils/password'
import { hashSecret, newSecret, organizationOfSecret } from '../utils/secrets'
import { withTenant, withoutTenant, type TenantContext } from '../utils/tenant'
import { acceptSecondFactor, hasSecondFactor, mailPerson, type SecondFactorMethod } from './mfa'
import { issueSession, revokeAllSessions } from './sessions'

export interface SessionUser { id: string, email: string, name: string, role: TenantContext['role'], locale: Locale }
export interface SessionOrganization { id: string, name: string, settings: typeof organizations.$inferSelect['settings'] }

/** What sign-up, sign-in and a password reset answer: who is signed in, where, and the tokens. */
export interface SignedIn extends SessionTokens {
  user: SessionUser
  organization: { id: string, name: string }
}

/** The answer of a correct password when the person has a second factor: no session yet. */
export interface MfaChallenge {
  mfaRequired: true
  challenge: string
  expiresIn: number
  methods: SecondFactorMethod[]
}

interface LoginRow { org_id: string, user_id: string, password_hash: string | null }

const INVALID_LOGIN = 'Email or password is incorrect'
const EMAIL_UNAVAILABLE = 'This email address cannot be used to create an account'
const RESET_INVALID = 'This password reset link is invalid, has expired or was already used'
const CHALLENGE_INVALID = 'This sign-in has expired, please enter your email and password again'
const CODE_INCORRECT = 'The code is incorrect or was already used'

export const PASSWORD_RESET_TTL_SECONDS = 60 * 60
/** Reset mails per account and hour; more requests are answered alike but send nothing. */
const RESETS_PER_HOUR = 3

/** 429 while an account is locked for the client's address, with the seconds left as `Retry-After`. */
export class SignInLocked extends RateLimited {
  constructor(retryAfter: number) {
    super('Too many failed sign-in attempts. Please try again later.', retryAfter)
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

async function findLogin(email: string): Promise<LoginRow | undefined> {
  return withoutTenant(async (tx) => {
    const result = await tx.execute(sql`select org_id, user_id, password_hash from auth_find_login(${email})`)
    return resultRows<LoginRow>(result)[0]
  })
}

async function audit(tx: Transaction, orgId: string, userId: string, action: string, client: SessionClient, changes?: Record<string, unknown>) {
  await tx.insert(auditLogs).values({
    orgId, actorId: userId, actorType: 'user', action, entity: 'user', entityId: userId, changes,
    ip: client.ip ?? null, userAgent: client.userAgent?.slice(0, 500) ?? null,
  })
}

async function signedIn(tx: Transaction, orgId: string, userId: string, client: SessionClient): Promise<SignedIn> {
  const [row] = await tx
    .select({
      user: { id: users.id, email: users.email, name: users.name, role: users.role, locale: users.locale },
      organization: { id: organizations.id, name: organizations.name },
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(users.orgId, orgId), eq(users.id, userId)))
  if (!row) throw unauthorized()
  return { ...row, ...await issueSession(tx, { orgId, userId, ...client }) }
}

/** The signed-in person and their organization, as `me` answers them; null when the user is gone. */
export async function sessionOf(tx: Transaction, orgId: string, userId: string) {
  const [row] = await tx
    .select({
      user: { id: users.id, email: users.email, name: users.name, role: users.role, locale: users.locale, timeZone: users.timeZone },
      organization: { id: organizations.id, name: organizations.name, settings: organizations.settings, timeZone: organizations.timeZone },
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(users.orgId, orgId), eq(users.id, userId)))
  return row ?? null
}

async function loadSession(orgId: string, userId: string) {
  return withTenant({ orgId }, tx => sessionOf(tx, orgId, userId))
}

function isUniqueViolation(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '23505') return true
  }
  return false
}

function requirePerson(ctx: TenantContext): string {
  if (ctx.actorType !== 'user' || !ctx.userId) throw forbidden()
  return ctx.userId
}

/** The language a sign-up asked in: the UI's language cookie, then Accept-Language, then German. */
export function preferredLocale(cookie: string | undefined, acceptLanguage: string | undefined): Locale {
  if (LOCALES.includes(cookie as Locale)) return cookie as Locale
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';')
      const q = params.map(p => p.trim()).find(p => p.startsWith('q='))
      return { language: tag.split('-')[0]!, q: q ? Number(q.slice(2)) : 1, index }
    })
    .filter(r => r.q > 0 && LOCALES.includes(r.language as Locale))
    .sort((x, y) => y.q - x.q || x.index - y.index)
  return (ranked[0]?.language as Locale | undefined) ?? 'de'
}

// ---------------------------------------------------------------------------------------------
// Sign-up, sign-in, profile
// ---------------------------------------------------------------------------------------------

/**
 * A new organization with its owner and a default sales pipeline, in one tenant
 * transaction, and the owner's first session.
 */
export async function register(input: RegisterInput, client: SessionClient & { locale: Locale }): Promise<SignedIn> {
  assertAcceptablePassword(input.password)
  const passwordHash = await hashPassword(input.password)
  const orgId = uuidv7()
  const userId = uuidv7()
  const pipeline = defaultPipeline(client.locale)
  try {
    return await withTenant({ orgId }, async (tx) => {
      const taken = await tx.execute(sql`select 1 from auth_find_login(${input.email})`)
      if (resultRows(taken).length) throw conflict(EMAIL_UNAVAILABLE)
      await tx.insert(organizations).values({ id: orgId, name: input.organizationName, settings: { defaultCurrency: 'EUR', defaultLocale: client.locale } })
      await tx.insert(users).values({ orgId, id: userId, email: input.email, name: input.name, passwordHash, role: 'owner', locale: client.locale, lastLoginAt: new Date() })
      await tx.insert(pipelines).values({ orgId, name: pipeline.name, stages: pipeline.stages, position: 0 })
      await audit(tx, orgId, userId, 'user.register', client, { organization: input.organizationName, email: input.email, locale: client.locale })
      return signedIn(tx, orgId, userId, client)
    })
  }
  catch (error) {
    // Two sign-ups with one email at once: the unique index decides, and the loser hears the same.
    if (!(error instanceof ApiError) && isUniqueViolation(error)) throw conflict(EMAIL_UNAVAILABLE)
    throw error
  }
}

/**
 * Email + password → session. Unknown email and wrong password answer alike and take
 * about as long (one Argon2 verification each); repeated failures lock the email for the
 * client's address, whether or not it has an account (signInThrottle, utils/rate-limit.ts).
 */
export async function login(input: LoginInput, client: SessionClient = {}): Promise<SignedIn | MfaChallenge> {
  const throttle = signInThrottle(input.email, client.ip)
  const wait = await throttle.attempt()
  if (wait) {
    metrics().loginFailures.inc({ reason: 'locked' })
    throw new SignInLocked(wait)
  }
  const account = await findLogin(input.email)
  const valid = await verifyPassword(account?.password_hash, input.password)
  if (!account || !valid) {
    metrics().loginFailures.inc({ reason: 'invalid_credentials' })
    throw unauthorized(INVALID_LOGIN)
  }
  await throttle.succeeded()

  const { org_id: orgId, user_id: userId } = account
  return withTenant({ orgId }, async (tx): Promise<SignedIn | MfaChallenge> => {
    if (await hasSecondFactor(tx, orgId, userId)) {
      await audit(tx, orgId, userId, 'user.login_challenge', client)
      return {
        mfaRequired: true,
        challenge: await signChallengeToken({ orgId, userId }),
        expiresIn: MFA_CHALLENGE_TTL_SECONDS,
        methods: ['totp', 'recovery_code'],
      }
    }
    await tx.update(users)
      .set({ lastLoginAt: new Date() })
      .where(and(eq(users.orgId, orgId), eq(users.id, userId)))
    await audit(tx, orgId, userId, 'user.login', client)
    return signedIn(tx, orgId, userId, client)
  })
}

type VerifyOutcome
  = | { signedIn: SignedIn, recovery?: { left: number, person: { email: string, name: string, locale: Locale } } }
    | { refused: 'challenge' | 'code' }

/**
 * The second step of signing in: the challenge `login` answered (5 minutes, bound to the
 * person, void once their password changes or their second factor is removed) and an
 * authenticator code or a recovery code. Failures are audited and lock this step for the
 * person after five in a row (secondFactorThrottle); a used recovery code is mailed to them.
 */
export async function verifySecondFactor(input: MfaVerifyInput, client: SessionClient & { appUrl?: string | null } = {}): Promise<SignedIn> {
  const claims = await verifyChallengeToken(input.challenge)
  if (!claims) throw invalidChallenge()
  const { orgId, userId } = claims
  const throttle = secondFactorThrottle(userId)
  const wait = await throttle.attempt()
  if (wait) {
    metrics().loginFailures.inc({ reason: 'locked' })
    throw new SignInLocked(wait)
  }
  const outcome = await withTenant({ orgId }, async (tx): Promise<VerifyOutcome> => {
    const [user] = await tx.select({ email: users.email, name: users.name, locale: users.locale, sessionsValidAfter: users.sessionsValidAfter })
      .from(users).where(and(eq(users.orgId, orgId), eq(users.id, userId)))
    if (!user || (user.sessionsValidAfter && claims.issuedAt < user.sessionsValidAfter)) return { refused: 'challenge' }
    if (!await hasSecondFactor(tx, orgId, userId)) return { refused: 'challenge' }
    const accepted = await acceptSecondFactor(tx, orgId, userId, input.code)
    if (!accepted) {
      // Committed with the refusal: the trail shows every wrong code.
      await audit(tx, orgId, userId, 'user.login_mfa_failed', client)
      return { refused: 'code' }
    }
    await tx.update(users).set({ lastLoginAt: new Date() }).where(and(eq(users.orgId, orgId), eq(users.id, userId)))
    await audit(tx, orgId, userId, 'user.login', client, { secondFactor: accepted.method })
    if (accepted.method === 'recovery_code') {
      await audit(tx, orgId, userId, 'mfa.recovery_code_use', client, { left: accepted.recoveryCodesLeft })
    }
    const session = await signedIn(tx, orgId, userId, client)
    return accepted.method === 'recovery_code' ? { signedIn: session, recovery: { left: accepted.recoveryCodesLeft ?? 0, person: user } } : { signedIn: session }
  })
  if ('refused' in outcome) {
    if (outcome.refused === 'challenge') throw invalidChallenge()
    metrics().loginFailures.inc({ reason: 'invalid_second_factor' })
    throw validationError(CODE_INCORRECT, [{ path: 'code', message: 'is incorrect or was already used' }])
  }
  await throttle.succeeded()
  if (outcome.recovery) await mailPerson(outcome.recovery.person, 'mfa_recovery_code_used', client, { left: String(outcome.recovery.left) })
  return outcome.signedIn
}

function invalidChallenge() {
  return validationError(CHALLENGE_INVALID, [{ path: 'challenge', message: 'is invalid or expired' }])
}

/** The signed-in user and organization; 401 when the account no longer exists. */
export async function me(ctx: TenantContext) {
  // An API key is a valid identity but not a person: forbidden, not unauthenticated.
  const session = await loadSession(ctx.orgId, requirePerson(ctx))
  if (!session) throw unauthorized()
  return sessionAnswer(session, ctx)
}

/** `me`'s answer: the stored person and organization, and what the request's session check found. */
export function sessionAnswer(session: NonNullable<Awaited<ReturnType<typeof sessionOf>>>, ctx: TenantContext) {
  return { ...session, user: { ...session.user, mfaEnrolmentRequired: Boolean(ctx.mfaEnrolmentDue) } }
}

/** Changes the signed-in user's own name, language or time zone; answers like `me`. */
export async function updateProfile(ctx: TenantContext, input: ProfileUpdate) {
  const userId = requirePerson(ctx)
  if (Object.keys(input).length) {
    await withTenant(ctx, async (tx) => {
      const updated = await tx.update(users).set(input)
        .where(and(eq(users.orgId, ctx.orgId), eq(users.id, userId)))
        .returning({ id: users.id })
      if (!updated.length) throw unauthorized()
      await audit(tx, ctx.orgId, userId, 'user.update', ctx, { ...input })
    })
  }
  return me(ctx)
}

// ---------------------------------------------------------------------------------------------
// Passwords
// ---------------------------------------------------------------------------------------------

/**
 * Sets a new password after checking the current one, signs the user out everywhere,
 * and answers a fresh session so the device that asked stays signed in.
 */
export async function changePassword(ctx: TenantContext, input: ChangePasswordInput, client: Pick<SessionClient, 'browser'> = {}): Promise<SessionTokens> {
  const userId = requirePerson(ctx)
  assertAcceptablePassword(input.newPassword, 'newPassword')
  const [current] = await withTenant(ctx, tx => tx.select({ passwordHash: users.passwordHash }).from(users)
    .where(and(eq(users.orgId, ctx.orgId), eq(users.id, userId))))
  if (!current) throw unauthorized()
  if (!await verifyPassword(current.passwordHash, input.currentPassword)) {
    throw validationError('The current password is incorrect', [{ path: 'currentPassword', message: 'is incorrect' }])
  }
  const passwordHash = await hashPassword(input.newPassword)
  return withTenant(ctx, async (tx) => {
    await tx.update(users).set({ passwordHash }).where(and(eq(users.orgId, ctx.orgId), eq(users.id, userId)))
    await revokeAllSessions(tx, ctx.orgId, userId)
    await audit(tx, ctx.orgId, userId, 'user.password_change', ctx)
    return issueSession(tx, { orgId: ctx.orgId, userId, ip: ctx.ip, userAgent: ctx.userAgent, browser: client.browser })
  })
}

/**
 * Mails a single-use reset link (valid one hour) when the email has an account; the
 * caller answers the same either way. The returned delivery is already under way and
 * never rejects (a failed send is logged), so the answer need not wait for it.
 */
export async function requestPasswordReset(input: ForgotPasswordInput, origin: Pick<RequestOrigin, 'appUrl'> = {}): Promise<{ delivery: Promise<void> }> {
  const account = await findLogin(input.email)
  if (!account) return { delivery: Promise.resolve() }
  const token = newSecret('pr_')
  const recipient = await withTenant({ orgId: account.org_id }, async (tx) => {
    const [user] = await tx.select({ name: users.name, email: users.email, locale: users.locale }).from(users)
      .where(and(eq(users.orgId, account.org_id), eq(users.id, account.user_id)))
    const [recent] = await tx.select({ n: count() }).from(passwordResets)
      .where(and(
        eq(passwordResets.orgId, account.org_id),
        eq(passwordResets.userId, account.user_id),
        gt(passwordResets.createdAt, sql`now() - interval '1 hour'`),
      ))
    if (!user || (recent?.n ?? 0) >= RESETS_PER_HOUR) return null
    await tx.insert(passwordResets).values({
      orgId: account.org_id,
      userId: account.user_id,
      tokenHash: hashSecret(token),
      expiresAt: new Date(Date.now() + PASSWORD_RESET_TTL_SECONDS * 1000),
    })
    return user
  })
  if (!recipient) return { delivery: Promise.resolve() }

  const link = new URL('/reset-password', appUrlFor(origin))
  link.searchParams.set('token', token)
  const delivery = sendMail({
    to: recipient.email,
    locale: recipient.locale,
    template: 'password_reset',
    data: { name: recipient.name, link: link.href },
  }).catch((error: unknown) => {
    console.error('[auth] the password reset mail could not be sent:', loggable(error))
  })
  return { delivery }
}

function invalidReset() {
  return validationError(RESET_INVALID, [{ path: 'token', message: 'is invalid, expired or already used' }])
}

/**
 * Sets a new password with an emailed reset token (single use), ends every session of
 * the account, lifts the sign-in lock of this device's address, and signs the user in on it.
 */
export async function resetPassword(input: ResetPasswordInput, client: SessionClient = {}): Promise<SignedIn> {
  // Checked before the token is used up, so a refused password does not cost the link.
  assertAcceptablePassword(input.password)
  const orgId = await organizationOfSecret('password_reset', input.token)
  if (!orgId) throw invalidReset()
  const passwordHash = await hashPassword(input.password)
  const result = await withTenant({ orgId }, async (tx) => {
    const [reset] = await tx.update(passwordResets)
      .set({ usedAt: new Date() })
      .where(and(
        eq(passwordResets.orgId, orgId),
        eq(passwordResets.tokenHash, hashSecret(input.token)),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, sql`now()`),
      ))
      .returning({ userId: passwordResets.userId })
    if (!reset) return null
    const { userId } = reset
    // Links mailed earlier stop working as well.
    await tx.update(passwordResets).set({ usedAt: new Date() })
      .where(and(eq(passwordResets.orgId, orgId), eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)))
    await tx.update(users).set({ passwordHash, lastLoginAt: new Date() })
      .where(and(eq(users.orgId, orgId), eq(users.id, userId)))
    await revokeAllSessions(tx, orgId, userId)
    await audit(tx, orgId, userId, 'user.password_reset', client)
    return signedIn(tx, orgId, userId, client)
  })
  if (!result) throw invalidReset()
  // Whoever can read the account's mail may sign in again from here at once.
  await signInThrottle(result.user.email, client.ip).succeeded()
  return result
}
