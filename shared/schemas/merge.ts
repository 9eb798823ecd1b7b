import { z } from 'zod'
import { uuid } from './common'

/** The record kinds that merge. */
export const MERGE_ENTITIES = ['contact', 'company'] as const
export type MergeEntity = (typeof MERGE_ENTITIES)[number]

/** How long a merge can be undone; afterwards its snapshot is dropped. */
export const MERGE_UNDO_DAYS = 30

/** The fields whose surviving value a merge lets you choose, per kind (tags are always united). */
export const CONTACT_MERGE_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'position', 'companyId', 'ownerId'] as const
export const COMPANY_MERGE_FIELDS = ['name', 'industry', 'website', 'phone', 'address', 'ownerId'] as const
export type ContactMergeField = (typeof CONTACT_MERGE_FIELDS)[number]
export type CompanyMergeField = (typeof COMPANY_MERGE_FIELDS)[number]

const MAX_MERGED = 10

function mergeInput<F extends readonly [string, ...string[]]>(fields: F, what: string) {
  const choice = uuid.meta({ description: `The id of the ${what} (the survivor or one of \`mergeIds\`) whose value survives.` })
  return z.strictObject({
    mergeIds: z.array(uuid).min(1).max(MAX_MERGED)
      .refine(ids => new Set(ids).size === ids.length, { message: 'must not repeat an id' })
      .meta({ description: `The ${what}s merged into the survivor (the one in the path), at most ${MAX_MERGED}. They are gone afterwards: reading, changing or deleting them answers 404 with \`details.mergedInto\`.` }),
    fields: z.partialRecord(z.enum(fields), choice).default({})
      .meta({ description: `Per field, whose value survives. A field not named keeps the survivor's value, or, where the survivor has none, the first value among \`mergeIds\` in their order.` }),
    dryRun: z.boolean().default(false)
      .meta({ description: 'Answer the merged record without writing anything.' }),
  })
}

export const contactMerge = mergeInput(CONTACT_MERGE_FIELDS, 'contact')
export const companyMerge = mergeInput(COMPANY_MERGE_FIELDS, 'company')
export type ContactMerge = z.output<typeof contactMerge>
export type CompanyMerge = z.output<typeof companyMerge>

/** Route parameter `:mergeId` of one merge. */
export const mergeParams = z.object({ mergeId: uuid })
