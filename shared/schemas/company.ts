import { z } from 'zod'
import { optionalText, requiredText, uuid } from './common'

const website = z.union([
  z.literal('').transform(() => null),
  z.string().trim().max(300)
    .transform(v => (/^https?:\/\//i.test(v) ? v : `https://${v}`))
    .pipe(z.url({ protocol: /^https?$/, error: 'must be a web address' })),
]).nullable().optional()

/** The postal address; on update, parts not sent stay as they are and `null` clears them all. */
export const addressInput = z.object({
  street: optionalText(200),
  postalCode: optionalText(20),
  city: optionalText(100),
  country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, { error: 'must be an ISO 3166 country code' }).nullable().optional(),
}).strict()
export type AddressInput = z.infer<typeof addressInput>

export const companyCreate = z.object({
  name: requiredText(200),
  industry: optionalText(100),
  website,
  phone: optionalText(50),
  address: addressInput.nullable().optional(),
  ownerId: uuid.nullable().optional(),
}).strict()
export type CompanyCreate = z.infer<typeof companyCreate>

export const companyUpdate = companyCreate.partial().strict()
export type CompanyUpdate = z.infer<typeof companyUpdate>
