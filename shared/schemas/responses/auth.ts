import { z } from 'zod'
import { MFA_POLICIES } from '../../domain'
import { currency } from '../common'
import { localeValue, recordId, roleValue, timestamp } from './common'

export const sessionTokens = z.object({
  accessToken: z.string().meta({ description: 'JWT access token; send it as `Authorization: Bearer <accessToken>`.' }),
  refreshToken: z.string().optional().meta({
    description: 'Opaque refresh token (`rt_…`), valid 7 days and rotated on every use: keep only the newest. Always present for API clients; the web app (`X-Pulse-Client: web`) gets it as an httpOnly cookie instead.',
  }),
  expiresIn: z.int().positive().meta({ description: 'Seconds until the access token expires (900).' }),
}).meta({ id: 'SessionTokens', description: 'A new access token and the refresh token to renew it with.' })

export const sessionUser = z.object({
  id: recordId,
  email: z.email(),
  name: z.string(),
  role: roleValue,
  locale: localeValue,
}).meta({ id: 'SessionUser', description: 'The signed-in person.' })

/** What sign-up, sign-in, a password reset and an accepted invitation answer. */
export const signedIn = sessionTokens.extend({
  user: sessionUser,
  organization: z.object({ id: recordId, name: z.string() }),
}).meta({ id: 'SignedIn', description: 'Who is now signed in, in which organization, and their tokens.' })

export const organizationSettingsOutput = z.object({
  defaultCurrency: currency.meta({ description: 'ISO 4217 code used when a deal names none.' }),
  defaultLocale: localeValue,
  mfaPolicy: z.enum(MFA_POLICIES).optional().meta({ description: 'Who must have a second factor; absent: `off`.' }),
}).meta({ id: 'OrganizationSettings' })

/** `GET /auth/me`: the signed-in user and their organization with its settings. */
export const session = z.object({
  user: sessionUser.extend({
    timeZone: z.string().nullable().meta({ description: 'The person\'s IANA time zone; `null`: the organization\'s applies.' }),
    mfaEnrolmentRequired: z.boolean().meta({ description: 'The organization requires a second factor of this person and they have none yet: until they set one up, their session answers 403 everywhere but here and `/auth/mfa`.' }),
  }).meta({ id: 'SessionProfile', description: 'The signed-in person with their preferences.' }),
  organization: z.object({
    id: recordId,
    name: z.string(),
    settings: organizationSettingsOutput,
    timeZone: z.string().meta({ description: 'The organization\'s IANA time zone, for members without their own.' }),
  }),
}).meta({ id: 'Session', description: 'The signed-in user and their organization.' })

export const loggedOut = z.object({ loggedOut: z.literal(true) })

export const resetMailRequested = z.object({ sent: z.literal(true) }).meta({
  description: 'Always the same answer, whether or not the address has an account.',
})

/** What the accept page shows about an invitation before the account exists. */
export const invitationPreview = z.object({
  organization: z.object({ name: z.string() }),
  email: z.email(),
  role: roleValue,
  expiresAt: timestamp,
}).meta({ id: 'InvitationPreview' })

/** `POST /auth/login` for a person with a second factor: no session yet, a challenge for `POST /auth/mfa/verify`. */
export const mfaChallenge = z.object({
  mfaRequired: z.literal(true),
  challenge: z.string().meta({ description: 'Single-purpose token for `POST /auth/mfa/verify`; it is no access token and grants nothing else.' }),
  expiresIn: z.int().positive().meta({ description: 'Seconds the challenge stays valid (300).' }),
  methods: z.array(z.enum(['totp', 'recovery_code'])).meta({ description: 'What may answer it.' }),
}).meta({ id: 'MfaChallenge', description: 'The password was right; the second factor is asked next.' })

export const loginAnswer = z.union([signedIn, mfaChallenge]).meta({ id: 'LoginAnswer', description: 'Signed in, or (with a second factor) the challenge to answer first.' })

export const mfaStatus = z.object({
  totp: z.enum(['off', 'pending', 'on']).meta({ description: '`pending`: enrolment begun, not yet confirmed with a code.' }),
  confirmedAt: timestamp.nullable(),
  recoveryCodesLeft: z.int().nonnegative(),
}).meta({ id: 'MfaStatus', description: 'The signed-in person\'s second factor.' })

export const totpEnrolment = z.object({
  secret: z.string().meta({ description: 'The base32 secret, for typing into the app; shown this once.' }),
  otpauthUri: z.string().meta({ description: 'The `otpauth://totp/…` URI the QR code holds.' }),
  qrSvg: z.string().meta({ description: 'The QR code as an SVG document.' }),
}).meta({ id: 'TotpEnrolment', description: 'A new authenticator secret; it becomes active once confirmed with a code.' })

export const recoveryCodes = z.object({
  recoveryCodes: z.array(z.string()).length(10).meta({ description: 'Ten single-use codes, shown only now.' }),
}).meta({ id: 'RecoveryCodes' })
