import { z } from 'zod'
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject, ZodOpenApiResponseObject, ZodOpenApiResponsesObject } from 'zod-openapi'
import type { Role } from '../../shared/domain'
import { dataOf, duplicateRef, ERROR_STATUS, errorRef, idempotencyKey, listOf, rateLimitHeaders, type ErrorStatus, type Tag } from './components'

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
  /** The success answer: status (200 unless given), what the handler's result becomes, and what it means. */
  success: Success
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
  /**
   * The write refuses likely duplicates with 409 `DUPLICATE` unless `allowDuplicate=true`:
   * what it compares, for the 409's description.
   */
  duplicates?: string
  /**
   * A person whose organization requires a second factor they have not set up may call it
   * (their own session, the setup itself, signing out); every other route answers them 403.
   */
  duringMfaEnrolment?: boolean
  /** The probes are not rate limited and may answer without a database. */
  probe?: boolean
  /**
   * A request that passes validation: shown in the document, checked against the schemas
   * when the document is built, and sent by the permission and isolation suites to every
   * caller. Ids in it name nothing; a path's parameters are filled in by the suites.
   */
  example?: RequestExample
}

export interface RequestExample {
  query?: Record<string, string>
  body?: unknown
  /** An upload's file, sent as the body with the first of `upload.mediaTypes`. */
  file?: string
}

/**
 * What the handler's result becomes:
 * - `data`: the handler returns the record, the answer is `{ success, data }`;
 * - `list`: the handler returns `{ data, meta }` (a service's page), the answer is the list envelope
 *   (its meta with `nextCursor` when the query takes a cursor, `after`);
 * - `raw`: the handler's answer goes out as it is (a document, a zip), of `mediaType`;
 * - `csv`: the handler streams CSV itself (`sendCsv`);
 * - 303: the handler redirects (`sendRedirect`).
 */
export type Success
  = | { status?: 200 | 201 | 202, description: string, data: z.ZodType }
    | { status?: 200, description: string, list: z.ZodType }
    | { status?: 200, description: string, raw: z.ZodType, mediaType?: string }
    | { status?: 200, description: string, csv: true }
    | { status: 303, description: string }

/** A declared route: its method and OpenAPI path (from the route file's name) and its declaration. */
export interface Operation { method: Method, path: string, spec: OperationSpec }

const READ_METHODS = new Set<Method>(['get'])

function accessText(access: Access, method: Method): string {
  if (access === 'public') return 'No authentication.'
  const role = typeof access === 'string' ? access : access.user
  const who = role === 'viewer' ? 'Any role' : role === 'owner' ? 'Owners only' : `Role \`${role}\` or higher`
  if (typeof access !== 'string') return `${who}; a signed-in person only (API keys answer 403).`
  return READ_METHODS.has(method) ? `${who}; tokens and API keys.` : `${who}; tokens and \`read_write\` API keys.`
}

function successResponse(spec: OperationSpec): ZodOpenApiResponseObject {
  const { success } = spec
  const headers = spec.probe ? {} : { headers: rateLimitHeaders }
  const json = (schema: z.ZodType, mediaType = 'application/json') => ({ description: success.description, ...headers, content: { [mediaType]: { schema } } })
  if ('data' in success) return json(dataOf(success.data))
  if ('list' in success) return json(listOf(success.list, { cursor: 'after' in (spec.query?.shape ?? {}) }))
  if ('raw' in success) return json(success.raw, success.mediaType)
  if ('csv' in success) return json(z.string(), 'text/csv')
  return {
    description: success.description,
    headers: { ...rateLimitHeaders, Location: { description: 'Where to go next.', required: true, schema: { type: 'string' } } },
    // h3's redirect carries a meta-refresh page for clients that do not follow Location.
    content: { 'text/html': { schema: z.string() } },
  }
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
  if (spec.duplicates) errors.set(ERROR_STATUS.CONFLICT, true)
  if (spec.body || spec.upload) errors.set(ERROR_STATUS.PAYLOAD_TOO_LARGE, true)
  if (!spec.probe) errors.set(ERROR_STATUS.RATE_LIMITED, true)
  errors.set(ERROR_STATUS.INTERNAL_ERROR, true)
  if (!spec.probe) errors.set(ERROR_STATUS.SERVICE_UNAVAILABLE, true)

  const responses: ZodOpenApiResponsesObject = {}
  responses[`${spec.success.status ?? 200}`] = successResponse(spec)
  for (const status of [...errors.keys()].sort((a, b) => a - b)) {
    const text = errors.get(status)
    responses[`${status}`] = errorRef(status, typeof text === 'string' ? text : undefined)
  }
  if (spec.duplicates) responses['409'] = duplicateRef(spec.duplicates)
  return responses
}

function security(access: Access): Record<string, string[]>[] {
  if (access === 'public') return []
  return typeof access === 'string' ? [{ bearerAuth: [] }, { apiKey: [] }] : [{ bearerAuth: [] }]
}

/** Who may call, for machines: the permission and isolation suites read it. */
function accessExtension(access: Access): { role: Role | null, apiKeys: boolean } {
  if (access === 'public') return { role: null, apiKeys: false }
  return typeof access === 'string' ? { role: access, apiKeys: true } : { role: access.user, apiKeys: false }
}

/** An example must be a request the route accepts, and an operation with required input needs one. */
function checkExample(op: Operation): void {
  const { spec } = op
  const name = `${op.method.toUpperCase()} ${op.path}`
  const fails = (schema: z.ZodType | undefined, value: unknown) => schema !== undefined && !schema.safeParse(value).success
  if (fails(spec.query, spec.example?.query ?? {})) throw new Error(`${name}: its query needs a valid \`example.query\``)
  if (fails(spec.body, spec.example?.body ?? {})) throw new Error(`${name}: its body needs a valid \`example.body\``)
  if (spec.upload && spec.example?.file === undefined) throw new Error(`${name}: an upload needs an \`example.file\``)
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
    checkExample(op)
    const item = (paths[path] ??= {})
    if (item[method]) throw new Error(`${method.toUpperCase()} ${path} is documented twice`)
    item[method] = {
      'operationId': spec.operationId,
      'tags': [spec.tag],
      'summary': spec.summary,
      'description': [spec.description, `**Access:** ${accessText(spec.access, method)}`].filter(Boolean).join('\n\n'),
      'security': security(spec.access),
      ...(spec.params || spec.query ? { requestParams: { ...(spec.params ? { path: spec.params } : {}), ...(spec.query ? { query: spec.query } : {}) } } : {}),
      ...(spec.parameters || spec.idempotent ? { parameters: [...(spec.parameters ?? []), ...(spec.idempotent ? [idempotencyKey] : [])] } : {}),
      // A missing body is read as `{}`: it is only required when `{}` is not a valid input.
      ...(spec.body ? { requestBody: { required: !spec.body.safeParse({}).success, content: { 'application/json': { schema: spec.body, ...(spec.example?.body === undefined ? {} : { example: spec.example.body }) } } } } : {}),
      ...(spec.upload
        ? { requestBody: { required: true, description: spec.upload.description, content: Object.fromEntries(spec.upload.mediaTypes.map(type => [type, { schema: z.string().meta({ format: 'binary' }) }])) } }
        : {}),
      'responses': responsesOf(op),
      'x-pulse-access': accessExtension(spec.access),
      ...(spec.example ? { 'x-pulse-example': spec.example } : {}),
    }
  }
  return paths
}
