import { z } from 'zod'
import { MFA_POLICIES, type MfaPolicy } from '../domain'
import { currency, locale, requiredText, timeZone } from './common'

export const organizationSettings = z.object({
  defaultCurrency: currency,
  defaultLocale: locale,
})
/** The stored settings; `mfaPolicy` is the owner's alone to change (`PUT /organization/mfa-policy`), absent means `off`. */
export type OrganizationSettings = z.infer<typeof organizationSettings> & { mfaPolicy?: MfaPolicy }

export const mfaPolicyInput = z.object({
  policy: z.enum(MFA_POLICIES).meta({ description: '`admins`: owners and admins need a second factor; `everyone`: every member; `off`: each person decides.' }),
}).strict()
export type MfaPolicyInput = z.infer<typeof mfaPolicyInput>

export const organizationUpdate = z.object({
  name: requiredText(200),
  settings: organizationSettings.partial(),
  timeZone: timeZone.meta({ description: 'IANA time zone of members who have not chosen their own (`Europe/Berlin` at first).' }),
}).partial().strict()
export type OrganizationUpdate = z.infer<typeof organizationUpdate>
