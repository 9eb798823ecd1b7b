import { ApiError, RateLimited, type ErrorCode } from './api'

export interface ErrorEnvelope {
  success: false
  error: { code: ErrorCode, message: string, details?: unknown }
}

const codeByStatus: Record<number, ErrorCode> = {
  400: 'VALIDATION_ERROR', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'NOT_FOUND',
  409: 'CONFLICT', 413: 'PAYLOAD_TOO_LARGE', 415: 'VALIDATION_ERROR', 422: 'VALIDATION_ERROR', 429: 'RATE_LIMITED', 503: 'SERVICE_UNAVAILABLE',
}

const defaultMessage: Record<ErrorCode, string> = {
  VALIDATION_ERROR: 'Invalid request',
  UNAUTHORIZED: 'Authentication required',
  FORBIDDEN: 'Your role does not allow this action',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Conflict with the current state',
  DUPLICATE: 'Likely duplicates exist',
  PAYLOAD_TOO_LARGE: 'Request body too large',
  RATE_LIMITED: 'Too many requests',
  INTERNAL_ERROR: 'Internal server error',
  SERVICE_UNAVAILABLE: 'Service temporarily unavailable',
}

// PostgreSQL SQLSTATEs (and driver errors) that mean "the database is not answering", not "your request is wrong".
// 57014: a statement cancelled by statement_timeout (a lock held too long, an overloaded database).
const unavailableStates = new Set(['57014', '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006'])
const unavailableErrnos = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED'])

/** SQLSTATE class 22, "data exception": the database refuses a value (not the statement, not its own state). */
const isDataException = (state: string) => state.startsWith('22')

/** The first SQLSTATE along the cause chain (a driver's error under the ORM's wrapper), if any. */
export function sqlState(error: unknown): string | undefined {
  for (const e of chain(error)) if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code
  return undefined
}

/**
 * The SQLSTATE of a data exception (a value the database cannot store: NUL characters, a
 * date or number out of its range), or `undefined` for any other error. Callers that
 * write rows of a file decide with it which row to reject.
 */
export function dataExceptionState(error: unknown): string | undefined {
  const state = sqlState(error)
  return state && isDataException(state) ? state : undefined
}

function chain(error: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = []
  let current: unknown = error
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    out.push(current as Record<string, unknown>)
    current = (current as { cause?: unknown }).cause
  }
  return out
}

/**
 * Turns anything thrown while answering an `/api` request into a status and the error
 * envelope. Only ApiErrors and known framework/database conditions reveal a message;
 * everything else becomes a bare 500 (no stack, no SQL).
 */
export function toErrorEnvelope(error: unknown): { status: number, body: ErrorEnvelope, unexpected: boolean, retryAfter?: number } {
  const errors = chain(error)
  const api = errors.find((e): e is ApiError & Record<string, unknown> => e instanceof ApiError)
  if (api) return { ...envelope(api.status, api.code, api.message, api.details), ...(api instanceof RateLimited && { retryAfter: Math.max(1, Math.ceil(api.retryAfter)) }) }

  for (const e of errors) {
    const state = typeof e.code === 'string' ? e.code : undefined
    if (state && (unavailableStates.has(state) || unavailableErrnos.has(state))) return envelope(503, 'SERVICE_UNAVAILABLE')
    if (state === '23505') return envelope(409, 'CONFLICT', 'A record with these values already exists')
    if (state === '23503') return envelope(409, 'CONFLICT', 'A referenced record does not exist or is still in use')
    if (state === '42501') return envelope(404, 'NOT_FOUND')
    // A value the database cannot take: invalid text representation, a date or number out of range, a NUL character.
    if (state && isDataException(state)) return envelope(400, 'VALIDATION_ERROR')
  }

  // h3 / Nitro errors carry statusCode; trust only the client-error range and 503.
  const status = Number(errors[0]?.statusCode ?? 500)
  const code = codeByStatus[status]
  if (code) {
    const message = status === 405 ? 'Not found' : (typeof errors[0]?.statusMessage === 'string' && status < 500 ? errors[0].statusMessage : undefined)
    return envelope(status === 405 ? 404 : status, code, message)
  }
  return { ...envelope(500, 'INTERNAL_ERROR'), unexpected: true }
}

function envelope(status: number, code: ErrorCode, message?: string, details?: unknown) {
  const error: ErrorEnvelope['error'] = { code, message: message || defaultMessage[code] }
  if (details !== undefined) error.details = details
  return { status, body: { success: false as const, error }, unexpected: false }
}

/**
 * What an unexpected error may put in the log: names, codes and messages along the cause
 * chain and the top stack, but never a driver's query parameters (password hashes,
 * emails, token hashes) or a query string (tokens travel in some links).
 */
/** Why the database refused, for the log: the driver's code and message (no query, no parameters). */
export function unavailableReason(error: unknown): string {
  const cause = chain(error).find(e => typeof e.code === 'string' && (unavailableStates.has(e.code) || unavailableErrnos.has(e.code)))
  return cause ? `[${String(cause.code)}] ${String(cause.message ?? '')}` : String((error as { message?: unknown }).message ?? error)
}

export function loggable(error: unknown): string {
  const parts: string[] = []
  let current: unknown = error
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code
    parts.push(`${current.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${current.message.split('\nparams:')[0]}`)
    current = current.cause
  }
  // Only the frames: the stack's first lines repeat the message, parameters included.
  const stack = error instanceof Error ? (error.stack ?? '').split('\n').filter(l => /^\s+at /.test(l)).slice(0, 5).join('\n') : ''
  return `${parts.join(' <- ') || String(error)}\n${stack}`
}
