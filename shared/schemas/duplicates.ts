import { z } from 'zod'
import { cursorListQuery, uuid } from './common'
import { booleanParam } from './list-queries'

/** What made a record a likely duplicate of another. */
export const DUPLICATE_MATCHES = ['email', 'phone', 'name', 'domain'] as const
export type DuplicateMatch = (typeof DUPLICATE_MATCHES)[number]

/** The kinds of record the background scan pairs up. */
export const DUPLICATE_KINDS = ['contact', 'company'] as const
export type DuplicateKind = (typeof DUPLICATE_KINDS)[number]

/** `?allowDuplicate=true` on a create or update: save even when likely duplicates exist. */
export const duplicateQuery = z.object({
  allowDuplicate: booleanParam.optional().meta({
    description: 'Save even if likely duplicates exist. Without it (or with `false`), a contact or company that looks like one already in your organization is refused with 409 `DUPLICATE`, whose `details.candidates` name them.',
  }),
}).strict()
export type DuplicateQuery = z.output<typeof duplicateQuery>

/** `GET /duplicates`: the open pairs of one kind, newest first, paged by number or cursor. */
export const duplicatePairListQuery = cursorListQuery.omit({ sort: true, q: true }).extend({
  kind: z.enum(DUPLICATE_KINDS, { error: 'must be contact or company' }).meta({ description: 'Which records: `contact` or `company`.' }),
}).strict()
export type DuplicatePairListQuery = z.output<typeof duplicatePairListQuery>

/** Route parameter of a pair. */
export const duplicatePairParams = z.object({ pairId: uuid })
