import { z } from 'zod'
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject, ZodOpenApiResponsesObject } from 'zod-openapi'
import type { Role } from '../../shared/domain'
import { ERROR_STATUS, errorRef, idempotencyKey, rateLimitHeaders, type ErrorStatus, type Tag } from './components'

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'

/**
 * Who may call an operation, as the route checks it:
 * - `'public'`: no credential (the route reads none);
 * - a role (`'viewer'`…`'owner'`): `requireRole` — a person's token or an API key whose role is enough;
 * - `{ user: role }`: `requireUser` — a signed-in person only; API keys answer 403.
 */
export type Access = 'public' | Role | { user: Role }

export interface OperationSpec {
  operationId: string
  tag: Tag
  summary: string
  description?: string
  access: Access
  /** Path parameters (input side), e.g. `idParams`. */
  params?: z.ZodObject
  /** Query parameters (input side): strings from the URL, as the route validates them. */
  query?: z.ZodObject
  /** JSON request body (input side). */
  body?: z.ZodType
  /**
   * The success answer: status (200 unless given) and the whole body, e.g. `dataOf(member)`
   * or `listOf(member)`; a redirect has no body but a `Location`.
   */
  success: { status?: 200 | 201 | 202, description: string, schema: z.ZodType, mediaType?: string } | { status: 303, description: string } | { status?: 200, description: string, csv: true }
  /** A file as the request body instead of JSON (e.g. a CSV import): its media types and what it is. */
  upload?: { mediaTypes: readonly string[], description: string }
  /**
   * Error answers beyond those the builder adds by itself (400 when there is any input,
   * 401/403 from `access`, 413 with a body, 429, 500, 503), with an optional
   * operation-specific description.
   */
  errors?: Partial<Record<ErrorStatus, string | true>>
  /** Extra parameters, e.g. `webClient`. */
  parameters?: NonNullable<ZodOpenApiOperationObject['parameters']>
  /**
   * The route runs through `idempotent()` (server/utils/idempotency.ts): documents the
   * `Idempotency-Key` header, 409 while the first request is still running and 422 for a
   * key reused with another request.
   */
  idempotent?: boolean
  /** The probes are not rate limited and may answer without a database. */
  probe?: boolean
}

export interface Operation { method: Method, path: string, spec: OperationSpec }

/** One documented operation: `operation('get', '/api/v1/members', { ... })`. */
export function operation(method: Method, path: string, spec: OperationSpec): Operation {
  return { method, path, spec }
}

const READ_METHODS = new Set<Method>(['get'])

function accessText(access: Access, method: Method): string {
  if (access === 'public') return 'No authentication.'
  const role = typeof access === 'string' ? access : access.user
  const who = role === 'viewer' ? 'Any role' : role === 'owner' ? 'Owners only' : `Role \`${role}\` or higher`
  if (typeof access !== 'string') return `${who}; a signed-in person only (API keys answer 403).`
  return READ_METHODS.has(method) ? `${who}; tokens and API keys.` : `${who}; tokens and \`read_write\` API keys.`
}

function responsesOf(op: Operation): ZodOpenApiResponsesObject {
  const { method, spec } = op
  const errors = new Map<ErrorStatus, string | true>()
  if (spec.params || spec.query || spec.body) errors.set(ERROR_STATUS.VALIDATION_ERROR, true)
  if (spec.access !== 'public') {
    errors.set(ERROR_STATUS.UNAUTHORIZED, true)
    const role = typeof spec.access === 'string' ? spec.access : spec.access.user
    if (typeof spec.access !== 'string' || role !== 'viewer' || !READ_METHODS.has(method)) errors.set(ERROR_STATUS.FORBIDDEN, true)
  }
  for (const [status, text] of Object.entries(spec.errors ?? {})) errors.set(Number(status) as ErrorStatus, text!)
  if (spec.idempotent) {
    if (!errors.has(ERROR_STATUS.CONFLICT)) errors.set(ERROR_STATUS.CONFLICT, 'A request with this `Idempotency-Key` is still being processed; retry shortly.')
    errors.set(422, true)
  }
  if (spec.body || spec.upload) errors.set(ERROR_STATUS.PAYLOAD_TOO_LARGE, true)
  if (!spec.probe) errors.set(ERROR_STATUS.RATE_LIMITED, true)
  errors.set(ERROR_STATUS.INTERNAL_ERROR, true)
  if (!spec.probe) errors.set(ERROR_STATUS.SERVICE_UNAVAILABLE, true)

  const { success } = spec
  const responses: ZodOpenApiResponsesObject = {}
  responses[`${success.status ?? 200}`] = 'csv' in success
    ? {
        description: success.description,
        headers: rateLimitHeaders,
        content: { 'text/csv': { schema: z.string() } },
      }
    : 'schema' in success
      ? {
          description: success.description,
          ...(spec.probe ? {} : { headers: rateLimitHeaders }),
          content: { [success.mediaType ?? 'application/json']: { schema: success.schema } },
        }
      : {
          description: success.description,
          headers: { ...rateLimitHeaders, Location: { description: 'Where to go next.', required: true, schema: { type: 'string' } } },
          // h3's redirect carries a meta-refresh page for clients that do not follow Location.
          content: { 'text/html': { schema: z.string() } },
        }
  for (const status of [...errors.keys()].sort((a, b) => a - b)) {
    const text = errors.get(status)
    responses[`${status}`] = errorRef(status, typeof text === 'string' ? text : undefined)
  }
  return responses
}

function security(access: Access): Record<string, string[]>[] {
  if (access === 'public') return []
  return typeof access === 'string' ? [{ bearerAuth: [] }, { apiKey: [] }] : [{ bearerAuth: [] }]
}

/** Turns operations into OpenAPI paths; fails on a path documented twice or a path parameter without a schema. */
export function toPaths(operations: readonly Operation[]): ZodOpenApiPathsObject {
  const paths: ZodOpenApiPathsObject = {}
  for (const op of operations) {
    const { method, path, spec } = op
    const declared = [...path.matchAll(/\{(\w+)\}/g)].map(m => m[1]!)
    const described = Object.keys(spec.params?.shape ?? {})
    if (declared.sort().join() !== described.sort().join()) {
      throw new Error(`${method.toUpperCase()} ${path}: path parameters {${declared.join(', ')}} do not match the params schema (${described.join(', ')})`)
    }
    const item = (paths[path] ??= {})
    if (item[method]) throw new Error(`${method.toUpperCase()} ${path} is documented twice`)
    item[method] = {
      operationId: spec.operationId,
      tags: [spec.tag],
      summary: spec.summary,
      description: [spec.description, `**Access:** ${accessText(spec.access, method)}`].filter(Boolean).join('\n\n'),
      security: security(spec.access),
      ...(spec.params || spec.query ? { requestParams: { ...(spec.params ? { path: spec.params } : {}), ...(spec.query ? { query: spec.query } : {}) } } : {}),
      ...(spec.parameters || spec.idempotent ? { parameters: [...(spec.parameters ?? []), ...(spec.idempotent ? [idempotencyKey] : [])] } : {}),
      // A missing body is read as `{}`: it is only required when `{}` is not a valid input.
      ...(spec.body ? { requestBody: { required: !spec.body.safeParse({}).success, content: { 'application/json': { schema: spec.body } } } } : {}),
      ...(spec.upload
        ? { requestBody: { required: true, description: spec.upload.description, content: Object.fromEntries(spec.upload.mediaTypes.map(type => [type, { schema: z.string().meta({ format: 'binary' }) }])) } }
        : {}),
      responses: responsesOf(op),
    }
  }
  return paths
}
