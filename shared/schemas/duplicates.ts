import { z } from 'zod'
import { booleanParam } from './list-queries'

/** What made a record a likely duplicate of another. */
export const DUPLICATE_MATCHES = ['email', 'phone', 'name', 'domain'] as const
export type DuplicateMatch = (typeof DUPLICATE_MATCHES)[number]

/** `?allowDuplicate=true` on a create or update: save even when likely duplicates exist. */
export const duplicateQuery = z.object({
  allowDuplicate: booleanParam.optional().meta({
    description: 'Save even if likely duplicates exist. Without it (or with `false`), a contact or company that looks like one already in your organization is refused with 409 `DUPLICATE`, whose `details.candidates` name them.',
  }),
}).strict()
export type DuplicateQuery = z.output<typeof duplicateQuery>
