import type { H3Event } from 'h3'
import { getQuery, getRequestHeader, getRouterParams, readRawBody, setResponseStatus } from 'h3'
import type { z } from 'zod'

export type ErrorCode
  = | 'VALIDATION_ERROR' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'DUPLICATE'
    | 'PAYLOAD_TOO_LARGE' | 'RATE_LIMITED' | 'INTERNAL_ERROR' | 'SERVICE_UNAVAILABLE'

export interface ErrorDetail { path: string, message: string }

/** An error meant for the client: its code, message and details reach the error envelope as they are. */
export class ApiError<D = ErrorDetail[]> extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: D,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** 429 with the seconds to wait; the error handler sends them as `Retry-After`. */
export class RateLimited extends ApiError {
  constructor(message: string, readonly retryAfter: number) {
    super(429, 'RATE_LIMITED', message)
  }
}

export const validationError = (message: string, details: ErrorDetail[] = []) => new ApiError(400, 'VALIDATION_ERROR', message, details)
export const unauthorized = (message = 'Authentication required') => new ApiError(401, 'UNAUTHORIZED', message)
export const forbidden = (message = 'Your role does not allow this action') => new ApiError(403, 'FORBIDDEN', message)
export const notFound = (what = 'Resource') => new ApiError(404, 'NOT_FOUND', `${what} not found`)
export const conflict = (message: string) => new ApiError(409, 'CONFLICT', message)
export const serviceUnavailable = (message = 'Service temporarily unavailable') => new ApiError(503, 'SERVICE_UNAVAILABLE', message)

export interface ListMeta { page: number, limit: number, total: number }

/** The meta of a list that also pages by cursor: `page` is null on a cursor request. */
export interface CursorListMeta { page: number | null, limit: number, total: number, nextCursor: string | null }

export function ok<T>(data: T): { success: true, data: T }
export function ok<T, M extends ListMeta | CursorListMeta>(data: T, meta: M): { success: true, data: T, meta: M }
export function ok<T>(data: T, meta?: ListMeta | CursorListMeta) {
  return meta ? { success: true as const, data, meta } : { success: true as const, data }
}

export function created<T>(event: H3Event, data: T) {
  setResponseStatus(event, 201)
  return ok(data)
}

/** Zod issues as the envelope's `details: [{ path, message }]`. */
export function zodDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String)
    // One detail per unknown key, named by its own path, so clients can point at it.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map(key => ({ path: [...path, key].join('.'), message: 'is not a known field' }))
    }
    return [{ path: path.join('.'), message: issue.message }]
  })
}

/**
 * Where NUL characters sit in a parsed input: PostgreSQL text cannot hold them, so no
 * field may carry one. Walks with its own stack: a body may nest 100,000 levels deep.
 */
function nulPaths(input: unknown): ErrorDetail[] {
  const found: ErrorDetail[] = []
  const pending: { value: unknown, path: string[] }[] = [{ value: input, path: [] }]
  const nul = (path: string[]) => found.push({ path: path.join('.'), message: 'must not contain NUL characters' })
  while (pending.length && found.length < 20) {
    const { value, path } = pending.pop()!
    if (typeof value === 'string') {
      if (value.includes('\u0000')) nul(path)
    }
    else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\u0000')) nul([...path, key])
        pending.push({ value: item, path: path.length < 20 ? [...path, key] : path })
      }
    }
  }
  return found
}

function parseWith<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const nul = nulPaths(input)
  if (nul.length) throw validationError(`Invalid ${what}`, nul)
  const result = schema.safeParse(input)
  if (!result.success) throw validationError(`Invalid ${what}`, zodDetails(result.error))
  return result.data
}

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i
const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * The JSON body, checked against `schema`. Only an absent (or blank) body counts as `{}`;
 * anything else must be declared as JSON, be valid UTF-8 and parse strictly — `null`, a
 * string or a form is a validation error, not an empty object.
 */
export async function validateBody<S extends z.ZodType>(event: H3Event, schema: S): Promise<z.output<S>> {
  const raw = await readRawBody(event, false)
  let text: string
  try {
    text = raw ? utf8.decode(raw) : ''
  }
  catch {
    throw validationError('Request body is not valid UTF-8')
  }
  if (!text.trim()) return parseWith(schema, {}, 'request body')
  if (!JSON_TYPE.test(getRequestHeader(event, 'content-type') ?? '')) {
    throw validationError('Request body must be JSON, sent with Content-Type: application/json')
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  }
  catch {
    throw validationError('Request body is not valid JSON')
  }
  return parseWith(schema, body, 'request body')
}

export function validateQuery<S extends z.ZodType>(event: H3Event, schema: S): z.output<S> {
  return parseWith(schema, getQuery(event), 'query parameters')
}

export function validateParams<S extends z.ZodType>(event: H3Event, schema: S): z.output<S> {
  return parseWith(schema, getRouterParams(event, { decode: true }), 'path parameters')
}
