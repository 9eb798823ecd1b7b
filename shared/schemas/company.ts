import { z } from 'zod'
import { optionalText, requiredText, uuid } from './common'

const website = z.union([
  z.literal('').transform(() => null),
  z.string().trim().max(300)
    .transform(v => (/^https?:\/\//i.test(v) ? v : `https://${v}`))
    .pipe(z.url({ protocol: /^https?$/, error: 'must be a web address' })),
]).nullable().optional()

export const companyCreate = z.object({
  name: requiredText(200),
  industry: optionalText(100),
  website,
  phone: optionalText(50),
  street: optionalText(200),
  postalCode: optionalText(20),
  city: optionalText(100),
  country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, { error: 'must be an ISO 3166 country code' }).nullable().optional(),
  ownerId: uuid.nullable().optional(),
}).strict()
export type CompanyCreate = z.infer<typeof companyCreate>

export const companyUpdate = companyCreate.partial().strict()
export type CompanyUpdate = z.infer<typeof companyUpdate>
