import { z } from 'zod'
import type { ZodOpenApiComponentsObject, ZodOpenApiResponseObject } from 'zod-openapi'
import { MAX_PAGE_LIMIT } from '../../shared/schemas/common'
import { duplicateCandidate } from '../../shared/schemas/responses'
import type { ErrorCode } from '../utils/api'

// The pieces every operation is assembled from: the success envelope, one response per
// error code, the rate-limit headers, the list parameters and the security schemes.

/** `{ success: true, data }`: how every single-object answer is wrapped. */
export function dataOf<S extends z.ZodType>(schema: S) {
  return z.object({ success: z.literal(true), data: schema })
}

export const listMeta = z.object({
  page: z.int().min(1),
  limit: z.int().min(1).max(MAX_PAGE_LIMIT),
  total: z.int().nonnegative().meta({ description: 'Rows matching the filters, across all pages.' }),
}).meta({ id: 'ListMeta', description: 'Where this page lies in the whole list.' })

/** The meta of the CRM lists, which page by number or by cursor (`after`). */
export const cursorListMeta = z.object({
  page: z.int().min(1).nullable().meta({ description: 'The page number asked for (1 when neither `page` nor `after` was sent); null on a request by cursor (`after`).' }),
  limit: listMeta.shape.limit,
  total: listMeta.shape.total,
  nextCursor: z.string().nullable().meta({
    description: 'Send it as `after` (with the same `sort`, filters and `q`) for the page that follows this one; null on the last page. Opaque: do not build or change it.',
  }),
}).meta({ id: 'CursorListMeta', description: 'Where this page lies in the whole list, and how to get the next one.' })

/**
 * `{ success: true, data: [...], meta: { page, limit, total } }`: how every list is wrapped;
 * with `cursor`, `meta` is CursorListMeta (`nextCursor` too).
 */
export function listOf<S extends z.ZodType>(schema: S, options: { cursor?: boolean } = {}) {
  return z.object({ success: z.literal(true), data: z.array(schema), meta: options.cursor ? cursorListMeta : listMeta })
}

/** Status of each error code; `satisfies` keeps it in step with server/utils/api.ts. */
export const ERROR_STATUS = {
  VALIDATION_ERROR: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  DUPLICATE: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const satisfies Record<ErrorCode, number>

export const errorDetail = z.strictObject({
  path: z.string().meta({ description: 'Dotted path of the field, e.g. `settings.defaultCurrency`; empty for the whole input.' }),
  message: z.string(),
}).meta({ id: 'ErrorDetail' })

/** `details` of a 409 `DUPLICATE`: the records the new values look like, best first. */
export const duplicateDetails = z.strictObject({
  candidates: z.array(duplicateCandidate).min(1),
}).meta({ id: 'DuplicateDetails' })

/** `details` of a 404 for a contact or company merged into another: where it lives on. */
export const mergedDetails = z.strictObject({
  mergedInto: z.uuid().meta({ description: 'The id of the record it was merged into (after later merges, the one that exists now).' }),
}).meta({ id: 'MergedDetails' })

/** The error envelope with any code: for clients that handle errors in one place. */
export const errorEnvelope = z.object({
  success: z.literal(false),
  error: z.object({
    code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
    message: z.string().meta({ description: 'English, for developers; show users a text of your own keyed by `code`.' }),
    details: z.union([z.array(errorDetail), duplicateDetails, mergedDetails]).optional(),
  }),
}).meta({ id: 'ErrorEnvelope', unusedIO: 'output', description: 'Every error answer under /api has this shape; each error response below narrows `code`.' })

function errorOf(code: ErrorCode, withDetails = false) {
  return z.object({
    success: z.literal(false),
    error: z.object({
      code: z.literal(code),
      message: z.string(),
      ...(withDetails && code === 'NOT_FOUND' ? { details: z.union([z.array(errorDetail), mergedDetails]).optional().meta({ description: 'One entry per missing record of a request about several, or where a merged-away record lives on.' }) } : {}),
      ...(withDetails && code !== 'NOT_FOUND' ? { details: z.array(errorDetail).optional().meta({ description: 'One entry per invalid field.' }) } : {}),
    }),
  })
}

// Rate-limit headers (IETF draft `RateLimit` fields) on every counted /api answer: absent
// on the probes and on in-process calls (server-side rendering), so never required.
const headerComponents = {
  'RateLimit-Limit': z.int().nonnegative().optional().meta({ description: 'Requests allowed in the window of the budget closest to running out.' }),
  'RateLimit-Remaining': z.int().nonnegative().optional().meta({ description: 'Requests left in that window.' }),
  'RateLimit-Reset': z.int().nonnegative().optional().meta({ description: 'Seconds until that window starts over.' }),
  'RateLimit-Policy': z.string().optional().meta({
    description: 'Every budget the request counted against, `<requests>;w=<seconds>`, the binding one first (e.g. `1000;w=60, 10;w=60`).',
  }),
  'Retry-After': z.int().min(1).optional().meta({ description: 'Seconds to wait before trying again.' }),
} satisfies ZodOpenApiComponentsObject['headers']

const headerRefs = (names: (keyof typeof headerComponents)[]) =>
  Object.fromEntries(names.map(name => [name, { $ref: `#/components/headers/${name}` }]))

/** The rate-limit headers, by reference, for a response of a counted request. */
export const rateLimitHeaders = headerRefs(['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy'])
const rateLimitedHeaders = headerRefs(['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy', 'Retry-After'])

interface ErrorResponseSpec { id: string, code: ErrorCode, description: string, details?: boolean }

/**
 * The documented error answers by status: each code at its status (ERROR_STATUS), plus
 * 422 for an Idempotency-Key reused with another request (server/utils/idempotency.ts).
 */
const errorResponseSpecs = {
  400: {
    id: 'ValidationError',
    code: 'VALIDATION_ERROR',
    description: 'A path parameter, query parameter or body field is invalid (or the body is not JSON); `details` names each field.',
    details: true,
  },
  401: { id: 'Unauthorized', code: 'UNAUTHORIZED', description: 'No valid access token or API key, or it has expired or been revoked.' },
  403: { id: 'Forbidden', code: 'FORBIDDEN', description: 'The caller is known but may not do this (role, a read-only API key, or an API key where a person is required); or, with a person\'s session, their organization requires a second factor they have not set up yet (only `GET /auth/me`, the `/auth/mfa` setup and signing out answer until they have).' },
  404: {
    id: 'NotFound',
    code: 'NOT_FOUND',
    description: 'No such record in the caller\'s organization. Other organizations\' ids answer this too, never 403. A request about several records names each missing one in `details`; a contact or company merged into another has `details.mergedInto`, the id of the one it lives on in.',
    details: true,
  },
  409: { id: 'Conflict', code: 'CONFLICT', description: 'The request clashes with the current state (a duplicate, or a rule such as "at least one owner").' },
  413: { id: 'PayloadTooLarge', code: 'PAYLOAD_TOO_LARGE', description: 'The request body exceeds the server\'s limit (1 MiB by default).' },
  422: {
    id: 'IdempotencyKeyReused',
    code: 'VALIDATION_ERROR',
    description: 'This `Idempotency-Key` was already used with a different request; use a new key for a new request.',
  },
  429: { id: 'RateLimited', code: 'RATE_LIMITED', description: 'A request budget is spent. Wait as long as `Retry-After` says (sent when a time-window budget is the reason).' },
  500: { id: 'InternalError', code: 'INTERNAL_ERROR', description: 'An unexpected error; the message is generic (no stack, no SQL).' },
  503: { id: 'ServiceUnavailable', code: 'SERVICE_UNAVAILABLE', description: 'The database is not answering; try again shortly.' },
} as const satisfies Record<number, ErrorResponseSpec>

const duplicateError = z.object({
  success: z.literal(false),
  error: z.object({ code: z.literal('DUPLICATE'), message: z.string(), details: duplicateDetails }),
})

/**
 * The 409 of a write that checks for duplicates (`duplicates` in the declaration):
 * `DUPLICATE` with the candidates, or `CONFLICT` (an Idempotency-Key still in use).
 */
const duplicateResponse: ZodOpenApiResponseObject = {
  description: '`DUPLICATE`: the values look like records already in your organization (`details.candidates`); send `allowDuplicate=true` to save anyway. `CONFLICT`: a request with this `Idempotency-Key` is still being processed.',
  headers: rateLimitHeaders,
  content: { 'application/json': { schema: z.union([duplicateError, errorOf('CONFLICT')]) } },
}

/** `{ $ref }` to the 409 of a write that checks for duplicates, with what it compares. */
export function duplicateRef(description: string) {
  return { $ref: '#/components/responses/Duplicate', description: `\`DUPLICATE\`: ${description} The \`details.candidates\` name them, best first; send \`allowDuplicate=true\` to save anyway. \`CONFLICT\`: a request with this \`Idempotency-Key\` is still being processed.` }
}

/** Every error status an operation can document. */
export type ErrorStatus = keyof typeof errorResponseSpecs

function errorResponse(spec: ErrorResponseSpec): ZodOpenApiResponseObject {
  return {
    description: `\`${spec.code}\`: ${spec.description}`,
    headers: spec.code === 'RATE_LIMITED' ? rateLimitedHeaders : rateLimitHeaders,
    content: { 'application/json': { schema: errorOf(spec.code, spec.details) } },
  }
}

/** `{ $ref }` to the shared response of an error status; `description` overrides the shared text for one operation. */
export function errorRef(status: ErrorStatus, description?: string) {
  const spec = errorResponseSpecs[status]
  return { $ref: `#/components/responses/${spec.id}`, ...(description ? { description: `\`${spec.code}\`: ${description}` } : {}) }
}

/**
 * `X-Pulse-Client: web`, sent by the Pulse web app only: its session endpoints then keep
 * the refresh token in an httpOnly cookie instead of the answer, guarded against other
 * sites (403). API clients leave it out.
 */
export const webClient = { $ref: '#/components/parameters/WebClient' } as const

/**
 * `Idempotency-Key` request header, for POSTs that create something: a retry with the
 * same key and body answers the first result instead of creating again.
 * Operations get it with `idempotent: true` (see operation.ts).
 */
export const idempotencyKey = { $ref: '#/components/parameters/IdempotencyKey' } as const

export const securitySchemes = {
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: [
      'A person\'s access token: `Authorization: Bearer <accessToken>`.',
      'Get one from `POST /api/v1/auth/login` (or register, reset-password, accept-invite); it is valid for 15 minutes.',
      'Renew it with the refresh token at `POST /api/v1/auth/refresh` before it expires.',
    ].join(' '),
  },
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'pk_…',
    description: [
      'An organization API key for automation, sent in the **same header** as a token:',
      '`Authorization: Bearer pk_…` (not a header of its own).',
      'Admins create keys at `POST /api/v1/api-keys`. Scope `read` may only read (GET);',
      '`read_write` acts with the role of a member. Keys never manage people, keys or the',
      'organization: those operations accept `bearerAuth` only.',
    ].join(' '),
  },
} as const satisfies ZodOpenApiComponentsObject['securitySchemes']

export const tags = [
  { name: 'Auth', description: 'Sign-up, sign-in, sessions, passwords and the signed-in user\'s own profile.' },
  { name: 'Contacts', description: 'People at customers and prospects, with their deals, activities and history.' },
  { name: 'Companies', description: 'Organizations you sell to, with their contacts, deals and history.' },
  { name: 'Deals', description: 'Opportunities in a pipeline: moves between stages, stage history and activities.' },
  { name: 'Pipelines', description: 'Sales pipelines and their stages (admins change them).' },
  { name: 'Activities', description: 'Calls, meetings, tasks, notes and emails; a task is done when `completedAt` is set.' },
  { name: 'Duplicates', description: 'Likely duplicate contacts and companies, found in the background and kept current; pairs that are not duplicates can be dismissed for good.' },
  { name: 'Imports', description: 'CSV imports of contacts, companies and deals: upload, mapping, preview, a resumable run in batches, the rejected rows, and undo.' },
  { name: 'Search', description: 'One search over contacts, companies and deals, for the command palette.' },
  { name: 'Audit log', description: 'Who changed what, when (admins).' },
  { name: 'Members', description: 'The people of the organization and their roles.' },
  { name: 'Invitations', description: 'Inviting people by email (admins), and what the invitation link shows.' },
  { name: 'API keys', description: 'Organization-scoped keys for automation clients (admins).' },
  { name: 'Organization', description: 'The caller\'s organization: name, settings, ownership, deletion.' },
  { name: 'Privacy', description: 'DSGVO: personal-data exports, erasure, consent ledger, retention rules and the scheduled deletion of the organization.' },
  { name: 'Users', description: 'A read-only list of people, for owner pickers.' },
  { name: 'Dashboard', description: 'Key figures for the start page.' },
  { name: 'Notifications', description: 'The signed-in person\'s own notifications (reminders, assignments, mentions, won and lost deals, finished imports) and which of them also arrive by email.' },
  { name: 'System', description: 'Probes for load balancers and this document.' },
] as const

export type Tag = (typeof tags)[number]['name']

/** Components every document carries; operations refer to them by `$ref`. */
export const components: ZodOpenApiComponentsObject = {
  securitySchemes,
  schemas: { ErrorEnvelope: errorEnvelope },
  headers: headerComponents,
  responses: { ...Object.fromEntries(Object.values(errorResponseSpecs).map(spec => [spec.id, errorResponse(spec)])), Duplicate: duplicateResponse },
  parameters: {
    WebClient: z.literal('web').optional().meta({
      param: { in: 'header', name: 'X-Pulse-Client' },
      description: 'Sent by the Pulse web app only. The refresh token then travels in an httpOnly cookie (path /api/v1/auth) instead of the JSON body, and the request must come from the app\'s own pages (otherwise 403). API clients leave it out.',
    }),
    IdempotencyKey: z.string().min(1).max(255).meta({
      param: { in: 'header', name: 'Idempotency-Key', required: false },
      description: 'A unique value per intended change (a UUID is a good choice). Retrying with the same key and body answers the first result without creating a second record; the same key with another body is refused.',
      example: '5b0f3a7e-3f39-4c38-9d5e-1c6f2b9a4e10',
    }),
  },
}

/** Page, after, limit, sort and q with their descriptions, on a list's own query schema. */
export function listQueryParams<S extends z.ZodObject>(schema: S, options: { sortFields?: readonly string[], search?: string } = {}) {
  const shape = schema.shape as Record<string, z.ZodType>
  const described: Record<string, z.ZodType> = {}
  if (shape.page && shape.after) {
    described.page = shape.page.meta({ description: 'Page number, from 1 (1 when neither `page` nor `after` is sent). Not together with `after`.' })
    described.after = shape.after.meta({
      description: 'Cursor paging: the `meta.nextCursor` of the previous page, unchanged, for the rows that follow it. Stays fast at any depth and neither repeats nor skips rows when others are added or deleted in between. Send the same `sort`, filters and `q` as for the page it came from (otherwise 400); `limit` may change. Not together with `page`.',
    })
  }
  else if (shape.page) described.page = shape.page.meta({ description: 'Page number, from 1.' })
  if (shape.limit) described.limit = shape.limit.meta({ description: `Rows per page, at most ${MAX_PAGE_LIMIT}.` })
  if (shape.sort && options.sortFields) {
    const fields = options.sortFields.join('|')
    described.sort = shape.sort.meta({
      description: `Comma-separated fields, \`-\` for descending: ${options.sortFields.map(f => `\`${f}\``).join(', ')}. Ties are broken by id.`,
      example: `-${options.sortFields.at(-1)}`,
      override: { pattern: `^\\s*(-?(${fields})\\s*(,\\s*-?(${fields})\\s*)*)?$` },
    })
  }
  if (shape.q) described.q = shape.q.meta({ description: options.search ?? 'Text search: every word must occur.' })
  // Only descriptions and examples are added: the schema validates as it did, with its own types.
  return schema.extend(described) as unknown as S
}
