import { z } from 'zod'
import { ROLES } from '../domain'
import { email, locale, requiredText, timeZone } from './common'

export const role = z.enum(ROLES)

/** A new password: 8–256 characters. The server also refuses common passwords (server/utils/password.ts). */
export const password = z.string().min(8, { error: 'must be at least 8 characters' }).max(256, { error: 'must be at most 256 characters' })

/** A password being checked, not set: any length up to the maximum, so old passwords keep working. */
const presentedPassword = z.string().min(1, { error: 'is required' }).max(256, { error: 'must be at most 256 characters' })

/** An opaque emailed or issued secret (refresh token, reset token); never longer than this. */
const opaqueToken = z.string().trim().min(1, { error: 'is required' }).max(512)

export const loginInput = z.object({
  email,
  password: presentedPassword,
}).strict()
export type LoginInput = z.infer<typeof loginInput>

export const registerInput = z.object({
  organizationName: requiredText(200),
  name: requiredText(200),
  email,
  password,
}).strict()
export type RegisterInput = z.infer<typeof registerInput>

export const refreshInput = z.object({ refreshToken: opaqueToken }).strict()
export type RefreshInput = z.infer<typeof refreshInput>

export const logoutInput = z.object({ refreshToken: opaqueToken }).strict()
export type LogoutInput = z.infer<typeof logoutInput>

export const forgotPasswordInput = z.object({ email }).strict()
export type ForgotPasswordInput = z.infer<typeof forgotPasswordInput>

export const resetPasswordInput = z.object({
  token: opaqueToken,
  password,
}).strict()
export type ResetPasswordInput = z.infer<typeof resetPasswordInput>

export const changePasswordInput = z.object({
  currentPassword: presentedPassword,
  newPassword: password,
}).strict()
export type ChangePasswordInput = z.infer<typeof changePasswordInput>

/** The signed-in user's own profile; role and email are changed elsewhere. */
export const profileUpdate = z.object({
  name: requiredText(200),
  locale: locale.meta({ description: 'The language of the interface and of every mail to this person.' }),
  timeZone: timeZone.nullable().meta({
    description: 'IANA time zone (`Europe/Berlin`) for times shown to and mailed to this person; `null` follows the organization\'s.',
  }),
}).partial().strict()
export type ProfileUpdate = z.infer<typeof profileUpdate>

/** A code from the authenticator app: six digits (spaces people type are dropped). */
export const totpCode = z.string().transform(v => v.replace(/\s/g, '')).pipe(z.string().regex(/^\d{6}$/, { error: 'must be the 6-digit code of your authenticator app' }))

/** Either an authenticator code or a recovery code (`xxxxx-xxxxx`). */
export const secondFactorCode = z.string().trim().min(6, { error: 'is required' }).max(32)

export const mfaConfirmInput = z.object({ code: totpCode }).strict()
export type MfaConfirmInput = z.infer<typeof mfaConfirmInput>

/** Proof that the person at the keyboard is the account's: the password or a current authenticator code. */
export const mfaProofInput = z.object({
  password: presentedPassword.optional(),
  code: totpCode.optional(),
}).strict().refine(v => (v.password === undefined) !== (v.code === undefined), { error: 'give either password or code' })
export type MfaProofInput = z.infer<typeof mfaProofInput>

/** The second step of signing in: the challenge from `POST /auth/login` and a code. */
export const mfaVerifyInput = z.object({
  challenge: opaqueToken.meta({ description: 'The `challenge` of the sign-in answer (valid 5 minutes).' }),
  code: secondFactorCode.meta({ description: 'The authenticator app\'s current 6-digit code, or one of the recovery codes.' }),
}).strict()
export type MfaVerifyInput = z.infer<typeof mfaVerifyInput>
