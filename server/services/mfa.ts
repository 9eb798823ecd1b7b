import { and, count, eq, isNotNull, isNull, lt, or } from 'drizzle-orm'
import { Secret, TOTP } from 'otpauth'
import QRCode from 'qrcode'
import { mfaRecoveryCodes, mfaTotp, users } from '../../drizzle/schema'
import type { Locale } from '../../shared/domain'
import type { MfaProofInput } from '../../shared/schemas'
import type { Transaction } from '../database/client'
import { conflict, forbidden, unauthorized, validationError } from '../utils/api'
import { recordAudit } from '../utils/audit'
import { appUrlFor } from '../utils/env'
import { loggable } from '../utils/error-envelope'
import { sendMail } from '../utils/mail'
import type { MailTemplate } from '../mail/templates'
import { decryptSecret, encryptSecret, hashRecoveryCode, newRecoveryCode, normalizeRecoveryCode } from '../utils/mfa-crypto'
import { verifyPassword } from '../utils/password'
import { withTenant, type TenantContext } from '../utils/tenant'

/** RFC 6238 as every authenticator app reads it: SHA-1, six digits, 30-second steps. */
const ISSUER = 'Pulse CRM'
const PERIOD = 30
const DIGITS = 6
/** Codes of the step before and after the current one are accepted too (clock drift). */
const DRIFT_STEPS = 1
export const RECOVERY_CODE_COUNT = 10

type Person = TenantContext & { userId: string }
export type SecondFactorMethod = 'totp' | 'recovery_code'

function totp(secret: Secret, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: DIGITS, period: PERIOD, secret })
}

/** The 30-second step a code belongs to, within the drift window around `now`; null when it matches none. */
export function matchingStep(secretBase32: string, code: string, now = Date.now()): number | null {
  const delta = totp(Secret.fromBase32(secretBase32), 'check').validate({ token: code, timestamp: now, window: DRIFT_STEPS })
  return delta === null ? null : Math.floor(now / 1000 / PERIOD) + delta
}

async function personOf(tx: Transaction, orgId: string, userId: string) {
  const [user] = await tx.select({ email: users.email, name: users.name, locale: users.locale, passwordHash: users.passwordHash })
    .from(users).where(and(eq(users.orgId, orgId), eq(users.id, userId)))
  if (!user) throw unauthorized()
  return user
}

async function totpRow(tx: Transaction, orgId: string, userId: string) {
  const [row] = await tx.select().from(mfaTotp).where(and(eq(mfaTotp.orgId, orgId), eq(mfaTotp.userId, userId)))
  return row
}

/**
 * Accepts an authenticator code once: the step it belongs to must be later than the last
 * one accepted, and the conditional UPDATE makes two requests with the same code race to
 * one winner. Pending enrolments count only when `pending` says so.
 */
async function acceptTotpCode(tx: Transaction, orgId: string, userId: string, code: string, pending = false): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false
  const row = await totpRow(tx, orgId, userId)
  if (!row || (pending ? row.confirmedAt !== null : row.confirmedAt === null)) return false
  const step = matchingStep(decryptSecret(row.secretCiphertext, userId), code)
  if (step === null) return false
  const claimed = await tx.update(mfaTotp)
    .set({ lastUsedStep: step })
    .where(and(
      eq(mfaTotp.orgId, orgId), eq(mfaTotp.id, row.id),
      or(isNull(mfaTotp.lastUsedStep), lt(mfaTotp.lastUsedStep, step)),
    ))
    .returning({ id: mfaTotp.id })
  return claimed.length > 0
}

/** Uses up one recovery code; false when none of the person's unused codes matches. */
async function acceptRecoveryCode(tx: Transaction, orgId: string, userId: string, code: string): Promise<boolean> {
  const normalized = normalizeRecoveryCode(code)
  if (!/^[a-z0-9]{10}$/.test(normalized)) return false
  const used = await tx.update(mfaRecoveryCodes)
    .set({ usedAt: new Date() })
    .where(and(
      eq(mfaRecoveryCodes.orgId, orgId), eq(mfaRecoveryCodes.userId, userId),
      eq(mfaRecoveryCodes.codeHash, hashRecoveryCode(normalized)), isNull(mfaRecoveryCodes.usedAt),
    ))
    .returning({ id: mfaRecoveryCodes.id })
  return used.length > 0
}

async function unusedRecoveryCodes(tx: Transaction, orgId: string, userId: string): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(mfaRecoveryCodes)
    .where(and(eq(mfaRecoveryCodes.orgId, orgId), eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)))
  return row?.n ?? 0
}

/** A fresh set of recovery codes replaces the old one; answers the plain codes, which are never stored. */
async function replaceRecoveryCodes(tx: Transaction, orgId: string, userId: string): Promise<string[]> {
  await tx.delete(mfaRecoveryCodes).where(and(eq(mfaRecoveryCodes.orgId, orgId), eq(mfaRecoveryCodes.userId, userId)))
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode)
  await tx.insert(mfaRecoveryCodes).values(codes.map(code => ({ orgId, userId, codeHash: hashRecoveryCode(code) })))
  return codes
}

/** Whether the person has a confirmed second factor (then signing in asks for it). */
export async function hasSecondFactor(tx: Transaction, orgId: string, userId: string): Promise<boolean> {
  const [row] = await tx.select({ id: mfaTotp.id }).from(mfaTotp)
    .where(and(eq(mfaTotp.orgId, orgId), eq(mfaTotp.userId, userId), isNotNull(mfaTotp.confirmedAt)))
  return Boolean(row)
}

/**
 * The second step of a sign-in, inside its tenant transaction: an authenticator code
 * (each at most once) or an unused recovery code (used up). Null when neither matches.
 */
export async function acceptSecondFactor(tx: Transaction, orgId: string, userId: string, code: string): Promise<{ method: SecondFactorMethod, recoveryCodesLeft?: number } | null> {
  const compact = code.replace(/\s/g, '')
  if (await acceptTotpCode(tx, orgId, userId, compact)) return { method: 'totp' }
  if (await acceptRecoveryCode(tx, orgId, userId, code)) {
    return { method: 'recovery_code', recoveryCodesLeft: await unusedRecoveryCodes(tx, orgId, userId) }
  }
  return null
}

/** Tells the person by mail that their second factor changed; a failed send is logged, never thrown. */
export async function mailPerson(person: { email: string, name: string, locale: Locale }, template: MailTemplate, origin: { appUrl?: string | null }, data: Record<string, string> = {}): Promise<void> {
  await sendMail({
    to: person.email,
    locale: person.locale,
    template,
    data: { name: person.name, link: new URL('/settings#security', appUrlFor(origin)).href, ...data },
  }).catch((error: unknown) => {
    console.error(`[mfa] the ${template} mail could not be sent:`, loggable(error))
  })
}

function requirePerson(ctx: TenantContext): Person {
  if (ctx.actorType !== 'user' || !ctx.userId) throw forbidden()
  return ctx as Person
}

// ---------------------------------------------------------------------------------------------
// The signed-in person's own second factor
// ---------------------------------------------------------------------------------------------

export async function status(ctx: TenantContext) {
  const { orgId, userId } = requirePerson(ctx)
  return withTenant(ctx, async (tx) => {
    const row = await totpRow(tx, orgId, userId)
    return {
      totp: !row ? 'off' as const : row.confirmedAt ? 'on' as const : 'pending' as const,
      confirmedAt: row?.confirmedAt ?? null,
      recoveryCodesLeft: row?.confirmedAt ? await unusedRecoveryCodes(tx, orgId, userId) : 0,
    }
  })
}

/**
 * Begins enrolling an authenticator app: a new secret (160 bits), its otpauth URI and QR
 * code. Not active until confirmed with a code; beginning again replaces an unconfirmed one.
 * 409 while an authenticator is active (remove it first).
 */
export async function beginTotp(ctx: TenantContext) {
  const { orgId, userId } = requirePerson(ctx)
  const secret = new Secret({ size: 20 })
  return withTenant(ctx, async (tx) => {
    const person = await personOf(tx, orgId, userId)
    const existing = await totpRow(tx, orgId, userId)
    if (existing?.confirmedAt) throw conflict('An authenticator app is already set up; remove it before adding another')
    if (existing) await tx.delete(mfaTotp).where(and(eq(mfaTotp.orgId, orgId), eq(mfaTotp.id, existing.id)))
    await tx.insert(mfaTotp).values({ orgId, userId, secretCiphertext: encryptSecret(secret.base32, userId) })
    await recordAudit(tx, ctx, { action: 'mfa.totp_begin', entity: 'user', entityId: userId })
    const otpauthUri = totp(secret, person.email).toString()
    const qrSvg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 })
    return { secret: secret.base32, otpauthUri, qrSvg }
  })
}

const incorrectCode = () => validationError('The code is incorrect or was already used', [{ path: 'code', message: 'is incorrect or was already used' }])

/** Activates the enrolment with a current code and answers the ten recovery codes, shown this once. */
export async function confirmTotp(ctx: TenantContext, code: string) {
  const { orgId, userId } = requirePerson(ctx)
  const result = await withTenant(ctx, async (tx) => {
    const row = await totpRow(tx, orgId, userId)
    if (!row) throw conflict('Begin setting up an authenticator app first')
    if (row.confirmedAt) throw conflict('The authenticator app is already active')
    if (!await acceptTotpCode(tx, orgId, userId, code, true)) return null
    await tx.update(mfaTotp).set({ confirmedAt: new Date() }).where(and(eq(mfaTotp.orgId, orgId), eq(mfaTotp.id, row.id)))
    const recoveryCodes = await replaceRecoveryCodes(tx, orgId, userId)
    await recordAudit(tx, ctx, { action: 'mfa.totp_enable', entity: 'user', entityId: userId, changes: { recoveryCodes: RECOVERY_CODE_COUNT } })
    return { recoveryCodes, person: await personOf(tx, orgId, userId) }
  })
  if (!result) throw incorrectCode()
  await mailPerson(result.person, 'mfa_enabled', ctx)
  return { recoveryCodes: result.recoveryCodes }
}

/** Checks the password or a current authenticator code; a wrong one is a 400 on its field. */
async function requireProof(tx: Transaction, person: Person, proof: MfaProofInput, passwordHash: string | null) {
  if (proof.password !== undefined) {
    if (!await verifyPassword(passwordHash, proof.password)) throw validationError('The password is incorrect', [{ path: 'password', message: 'is incorrect' }])
    return
  }
  if (!await acceptTotpCode(tx, person.orgId, person.userId, proof.code ?? '')) throw incorrectCode()
}

/** Removes the authenticator app and the recovery codes, after the password or a current code. */
export async function disableTotp(ctx: TenantContext, proof: MfaProofInput): Promise<{ totp: 'off' }> {
  const person = requirePerson(ctx)
  const recipient = await withTenant(ctx, async (tx) => {
    const user = await personOf(tx, person.orgId, person.userId)
    const row = await totpRow(tx, person.orgId, person.userId)
    if (!row) throw conflict('No authenticator app is set up')
    await requireProof(tx, person, proof, user.passwordHash)
    await tx.delete(mfaTotp).where(and(eq(mfaTotp.orgId, person.orgId), eq(mfaTotp.id, row.id)))
    await tx.delete(mfaRecoveryCodes).where(and(eq(mfaRecoveryCodes.orgId, person.orgId), eq(mfaRecoveryCodes.userId, person.userId)))
    await recordAudit(tx, ctx, { action: 'mfa.totp_disable', entity: 'user', entityId: person.userId, changes: { with: proof.password !== undefined ? 'password' : 'code' } })
    return row.confirmedAt ? user : null
  })
  if (recipient) await mailPerson(recipient, 'mfa_disabled', ctx)
  return { totp: 'off' }
}

/** A new set of ten recovery codes; the old ones stop working. Needs the password or a current code. */
export async function regenerateRecoveryCodes(ctx: TenantContext, proof: MfaProofInput) {
  const person = requirePerson(ctx)
  return withTenant(ctx, async (tx) => {
    const user = await personOf(tx, person.orgId, person.userId)
    if (!await hasSecondFactor(tx, person.orgId, person.userId)) throw conflict('Set up an authenticator app first')
    await requireProof(tx, person, proof, user.passwordHash)
    const recoveryCodes = await replaceRecoveryCodes(tx, person.orgId, person.userId)
    await recordAudit(tx, ctx, { action: 'mfa.recovery_codes_regenerate', entity: 'user', entityId: person.userId })
    return { recoveryCodes }
  })
}
