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

export const CONTACT_BULK_ACTIONS = ['assign_owner', 'add_tag', 'remove_tag', 'delete'] as const
export type ContactBulkAction = (typeof CONTACT_BULK_ACTIONS)[number]

/** At most 100 distinct contacts per bulk request; repeats count once. */
export const MAX_BULK_IDS = 100
const bulkIds = z.array(uuid).min(1).max(MAX_BULK_IDS).transform(list => [...new Set(list)])

/** One action over several contacts: all of them change, or none (`POST /contacts/bulk`). */
export const contactBulk = z.discriminatedUnion('action', [
  z.object({ action: z.literal('assign_owner'), ids: bulkIds, ownerId: uuid.nullable() }).strict(),
  z.object({ action: z.literal('add_tag'), ids: bulkIds, tag }).strict(),
  z.object({ action: z.literal('remove_tag'), ids: bulkIds, tag }).strict(),
  z.object({ action: z.literal('delete'), ids: bulkIds }).strict(),
])
export type ContactBulk = z.infer<typeof contactBulk>
