import { z } from 'zod'
import { activityType } from './activity'
import { cursorListQuery, isoDate, isoDateTime, listQuery, money, uuid } from './common'
import { dealStatus } from './deal'

export type SortDirection = 'asc' | 'desc'
export interface SortKey<F extends string = string> { field: F, direction: SortDirection }

/**
 * `sort=lastName,-createdAt`: comma-separated whitelisted fields, `-` for descending.
 * Parses to `SortKey[]`; a blank value means "the list's default order".
 */
export function sortParam<const F extends string>(fields: readonly F[]) {
  const allowed = new Set<string>(fields)
  return z.string().trim().max(100).transform((value, ctx): SortKey<F>[] | undefined => {
    if (value === '') return undefined
    const keys: SortKey<F>[] = []
    for (const token of value.split(',').map(part => part.trim())) {
      const direction: SortDirection = token.startsWith('-') ? 'desc' : 'asc'
      const field = direction === 'desc' ? token.slice(1) : token
      if (!allowed.has(field)) {
        ctx.addIssue({ code: 'custom', input: value, message: `unknown sort field "${field}"; allowed: ${fields.join(', ')}` })
        return z.NEVER
      }
      if (keys.some(k => k.field === field)) {
        ctx.addIssue({ code: 'custom', input: value, message: `sort field "${field}" is given twice` })
        return z.NEVER
      }
      keys.push({ field: field as F, direction })
    }
    return keys
  }).optional()
}

/** A point in time from a query string: `YYYY-MM-DD` (midnight UTC) or an ISO 8601 date-time with offset. */
export const instantParam = z.string().trim()
  .refine(v => isoDate.safeParse(v).success || isoDateTime.safeParse(v).success, {
    error: 'must be a date (YYYY-MM-DD) or an ISO 8601 date-time with offset',
  })
  .transform(v => new Date(v))

/** `true` or `false`, spelled out: `z.coerce.boolean()` would read "false" as true. */
export const booleanParam = z.stringbool({ truthy: ['true'], falsy: ['false'] })

const tag = z.string().trim().min(1).max(50)

// Filter semantics: ids, enums and codes match exactly; `*After` is inclusive (>=),
// `*Before` exclusive (<), min/max inclusive — so `after=X&before=Y` is a half-open range.

export const CONTACT_SORT_FIELDS = ['lastName', 'firstName', 'email', 'createdAt', 'updatedAt'] as const
export type ContactSortField = (typeof CONTACT_SORT_FIELDS)[number]

export const contactListQuery = cursorListQuery.extend({
  sort: sortParam(CONTACT_SORT_FIELDS),
  companyId: uuid.optional(),
  ownerId: uuid.optional(),
  // Repeat `tag` to require several: `?tag=vip&tag=fair` matches contacts carrying both.
  tag: z.union([tag, z.array(tag).min(1).max(10)]).transform(v => (Array.isArray(v) ? [...new Set(v)] : [v])).optional(),
  createdAfter: instantParam.optional(),
}).strict()
export type ContactListQuery = z.output<typeof contactListQuery>

export const COMPANY_SORT_FIELDS = ['name', 'industry', 'city', 'country', 'createdAt', 'updatedAt'] as const
export type CompanySortField = (typeof COMPANY_SORT_FIELDS)[number]

export const companyListQuery = cursorListQuery.extend({
  sort: sortParam(COMPANY_SORT_FIELDS),
  ownerId: uuid.optional(),
  industry: z.string().trim().min(1).max(100).optional(),
  country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, { error: 'must be an ISO 3166 country code' }).optional(),
}).strict()
export type CompanyListQuery = z.output<typeof companyListQuery>

/** `stage` sorts by the stage's position in its pipeline's board order. */
export const DEAL_SORT_FIELDS = ['title', 'value', 'status', 'expectedCloseDate', 'closedAt', 'createdAt', 'updatedAt', 'stage'] as const
export type DealSortField = (typeof DEAL_SORT_FIELDS)[number]

export const dealListQuery = cursorListQuery.extend({
  sort: sortParam(DEAL_SORT_FIELDS),
  pipelineId: uuid.optional(),
  stageId: uuid.optional(),
  status: dealStatus.optional(),
  ownerId: uuid.optional(),
  contactId: uuid.optional(),
  companyId: uuid.optional(),
  minValue: money.optional(),
  maxValue: money.optional(),
  expectedCloseBefore: isoDate.optional(),
}).strict()
export type DealListQuery = z.output<typeof dealListQuery>

export const ACTIVITY_SORT_FIELDS = ['dueAt', 'completedAt', 'subject', 'type', 'createdAt', 'updatedAt'] as const
export type ActivitySortField = (typeof ACTIVITY_SORT_FIELDS)[number]

export const activityListQuery = cursorListQuery.extend({
  sort: sortParam(ACTIVITY_SORT_FIELDS),
  type: activityType.optional(),
  contactId: uuid.optional(),
  companyId: uuid.optional(),
  dealId: uuid.optional(),
  ownerId: uuid.optional(),
  done: booleanParam.optional(),
  dueBefore: instantParam.optional(),
  dueAfter: instantParam.optional(),
}).strict()
export type ActivityListQuery = z.output<typeof activityListQuery>

/** The command palette's search: at least two characters, a few hits per kind. */
export const searchQuery = z.object({
  q: z.string().trim().min(2, { error: 'must be at least 2 characters' }).max(200),
  limit: z.coerce.number().int().min(1).max(20).default(5),
}).strict()
export type SearchQuery = z.output<typeof searchQuery>

export const pipelineListQuery = listQuery.pick({ page: true, limit: true }).strict()
export type PipelineListQuery = z.output<typeof pipelineListQuery>

/** The board's column headers: the same owner and text filters as the deal list. */
export const pipelineTotalsQuery = z.object({
  ownerId: uuid.optional(),
  q: listQuery.shape.q,
}).strict()
export type PipelineTotalsQuery = z.output<typeof pipelineTotalsQuery>

// The nested lists (`/contacts/:id/deals`…) take the list's query without the filter the path fixes.
export const contactActivitiesQuery = activityListQuery.omit({ contactId: true }).strict()
export const contactDealsQuery = dealListQuery.omit({ contactId: true }).strict()
export const companyContactsQuery = contactListQuery.omit({ companyId: true }).strict()
export const companyDealsQuery = dealListQuery.omit({ companyId: true }).strict()
/** A company's activities: its own and those of its contacts and deals, so `companyId` is fixed by the path. */
export const companyActivitiesQuery = activityListQuery.omit({ companyId: true }).strict()
export const dealActivitiesQuery = activityListQuery.omit({ dealId: true }).strict()
