import { z } from 'zod'
import { optionalEmail, optionalText, requiredText, uuid } from './common'

const tag = z.string().trim().min(1).max(50)
const tags = z.array(tag).max(50).transform(list => [...new Set(list)])

const contactFields = z.object({
  firstName: requiredText(100),
  lastName: requiredText(100),
  email: optionalEmail,
  phone: optionalText(50),
  position: optionalText(150),
  companyId: uuid.nullable().optional(),
  ownerId: uuid.nullable().optional(),
  tags,
}).strict()

export const contactCreate = contactFields.extend({ tags: tags.default([]) }).strict()
export type ContactCreate = z.infer<typeof contactCreate>

// Built from the fields without defaults: a field left out of an update must stay unchanged.
export const contactUpdate = contactFields.partial().strict()
export type ContactUpdate = z.infer<typeof contactUpdate>
