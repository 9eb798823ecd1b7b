import { z } from 'zod'
import { currency, locale, requiredText, timeZone } from './common'

export const organizationSettings = z.object({
  defaultCurrency: currency,
  defaultLocale: locale,
})
export type OrganizationSettings = z.infer<typeof organizationSettings>

export const organizationUpdate = z.object({
  name: requiredText(200),
  settings: organizationSettings.partial(),
  timeZone: timeZone.meta({ description: 'IANA time zone of members who have not chosen their own (`Europe/Berlin` at first).' }),
}).partial().strict()
export type OrganizationUpdate = z.infer<typeof organizationUpdate>
