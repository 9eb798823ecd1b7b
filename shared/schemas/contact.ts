import { z } from 'zod'
import { optionalEmail, optionalText, requiredText, uuid } from './common'

const tag = z.string().trim().min(1).max(50)

export const contactCreate = z.object({
  firstName: requiredText(100),
  lastName: requiredText(100),
  email: optionalEmail,
  phone: optionalText(50),
  position: optionalText(150),
  companyId: uuid.nullable().optional(),
  ownerId: uuid.nullable().optional(),
  tags: z.array(tag).max(50).transform(tags => [...new Set(tags)]).default([]),
}).strict()
export type ContactCreate = z.infer<typeof contactCreate>

export const contactUpdate = contactCreate.partial().strict()
export type ContactUpdate = z.infer<typeof contactUpdate>
