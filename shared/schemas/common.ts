import { z } from 'zod'
import { LOCALES } from '../domain'

export const uuid = z.uuid({ error: 'must be a UUID' })

/** Route parameter `:id` of a single record. */
export const idParams = z.object({ id: uuid })

/** Trimmed text; blank input becomes `null` so "clear this field" is one shape. */
export const optionalText = (max: number) =>
  z.string().trim().max(max).transform(v => (v === '' ? null : v)).nullable().optional()

export const requiredText = (max: number) => z.string().trim().min(1).max(max)

export const email = z.string().trim().toLowerCase().max(254).pipe(z.email({ error: 'must be an email address' }))

export const optionalEmail = z.union([z.literal('').transform(() => null), email]).nullable().optional()

export const currency = z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 currency code' })

export const locale = z.enum(LOCALES)

/** Money as an exact decimal string with at most 12 integer and 2 fraction digits. */
export const money = z.union([z.string().trim(), z.number().finite()])
  .transform(v => String(v))
  .pipe(z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, { error: 'must be a non-negative amount with at most two decimals' }))

export const isoDate = z.iso.date({ error: 'must be a date (YYYY-MM-DD)' })

export const isoDateTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' })

export const DEFAULT_PAGE_LIMIT = 20
export const MAX_PAGE_LIMIT = 100

/** Paging, sorting and text search shared by every list; resources extend it with filters. */
export const listQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT),
  sort: z.string().trim().max(64).optional(),
  q: z.string().trim().max(200).optional(),
}).strict()
export type ListQuery = z.infer<typeof listQuery>
