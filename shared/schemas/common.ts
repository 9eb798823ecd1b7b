import { z } from 'zod'
import { LOCALES } from '../domain'
import { canonicalTimeZone } from '../time-zones'

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

/** An IANA time zone name (`Europe/Berlin`), stored in its canonical spelling; offsets are refused. */
export const timeZone = z.string().trim().max(64)
  .transform((value, context) => {
    const zone = canonicalTimeZone(value)
    if (!zone) context.addIssue({ code: 'custom', message: 'must be an IANA time zone such as Europe/Berlin' })
    return zone ?? value
  })

/** Money as an exact decimal string with at most 12 integer and 2 fraction digits. */
export const money = z.union([z.string().trim(), z.number().finite()])
  .transform(v => String(v))
  .pipe(z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, { error: 'must be a non-negative amount with at most two decimals' }))

export const isoDate = z.iso.date({ error: 'must be a date (YYYY-MM-DD)' })

export const isoDateTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' })

export const DEFAULT_PAGE_LIMIT = 20
export const MAX_PAGE_LIMIT = 100

const pageNumber = z.coerce.number().int().min(1).max(1_000_000)

/** Paging, sorting and text search shared by every list; resources extend it with filters. */
export const listQuery = z.object({
  page: pageNumber.default(1),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT),
  sort: z.string().trim().max(64).optional(),
  q: z.string().trim().max(200).optional(),
}).strict()
export type ListQuery = z.infer<typeof listQuery>

/**
 * Where a cursor-paged list goes on: the sort key values of the last row shown and its id,
 * with what the list was (`r` resource, `s` sort, `f` a digest of the filters) so the
 * cursor is refused with another sort or other filters.
 */
export interface ListCursor { r: string, s: string, f: string, k: (string | null)[], i: string }

const listCursorShape = z.strictObject({
  r: z.string().max(32),
  s: z.string().max(200),
  f: z.string().max(64),
  k: z.array(z.string().max(4000).refine(v => !v.includes('\u0000')).nullable()).max(10),
  i: uuid,
})

const BASE64URL = /^[\w-]+$/

/** A cursor as `meta.nextCursor` shows it: base64url JSON, opaque to clients. */
export function encodeListCursor(cursor: ListCursor): string {
  let binary = ''
  for (const byte of new TextEncoder().encode(JSON.stringify(cursor))) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function decodeListCursor(value: string): ListCursor | undefined {
  if (!BASE64URL.test(value)) return undefined
  try {
    const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'))
    const text = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, char => char.charCodeAt(0)))
    const parsed = listCursorShape.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : undefined
  }
  catch {
    return undefined
  }
}

/** `after`: the `meta.nextCursor` of the previous page, decoded; anything else is refused. */
export const listCursor = z.string().trim().min(1).max(8192).transform((value, ctx): ListCursor => {
  const cursor = decodeListCursor(value)
  if (!cursor) {
    ctx.addIssue({ code: 'custom', input: value, message: 'is not a cursor of this API; pass a `meta.nextCursor` unchanged' })
    return z.NEVER
  }
  return cursor
})

/**
 * A list that pages by number or by cursor: `page` has no default here, so a request can
 * be told to send one of `page` and `after`, not both (the list service refuses both).
 */
export const cursorListQuery = listQuery.extend({
  page: pageNumber.optional(),
  after: listCursor.optional(),
}).strict()
export type CursorListQuery = z.output<typeof cursorListQuery>
