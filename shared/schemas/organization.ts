import { z } from 'zod'
import { currency, locale, requiredText } from './common'

export const organizationSettings = z.object({
  defaultCurrency: currency,
  defaultLocale: locale,
})
export type OrganizationSettings = z.infer<typeof organizationSettings>

export const organizationUpdate = z.object({
  name: requiredText(200),
  settings: organizationSettings.partial(),
}).partial().strict()
export type OrganizationUpdate = z.infer<typeof organizationUpdate>
