import { createHash } from 'node:crypto'
import type { H3Event } from 'h3'
import { getHeader, getResponseStatus, readBody, setHeader, setResponseStatus } from 'h3'
import { and, eq, lt, sql } from 'drizzle-orm'
import { idempotencyKeys } from '../../drizzle/schema'
import { ApiError, validationError } from './api'
import { inOneTenantTransaction, type TenantContext } from './tenant'

export const IDEMPOTENCY_HEADER = 'idempotency-key'
/** How long an answer is kept for retries. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000
const KEY_PATTERN = /^[\x21-\x7E]{1,255}$/

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map(k => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

async function requestHash(event: H3Event): Promise<string> {
  let body: unknown
  try {
    body = await readBody(event)
  }
  catch {
    throw validationError('Request body is not valid JSON')
  }
  return createHash('sha256').update(`${event.method} ${event.path.split('?')[0]}\n${canonical(body ?? null)}`).digest('hex')
}

/**
 * Makes a `POST` safe to retry: with an `Idempotency-Key` header, the first answer is
 * stored (per caller, for a day) in the same transaction as the write itself, and a
 * retry with the same key and body gets that answer again (`Idempotent-Replayed: true`)
 * instead of a second row. The same key with a different request is a 422. A concurrent
 * retry waits for the first request's transaction and then replays its answer; a
 * request that failed stored nothing, so its retry runs afresh.
 */
export async function idempotent<T>(event: H3Event, ctx: TenantContext, handler: () => Promise<T>): Promise<T> {
  const key = getHeader(event, IDEMPOTENCY_HEADER)
  if (key === undefined) return handler()
  if (!KEY_PATTERN.test(key)) {
    throw validationError('Invalid Idempotency-Key', [{ path: 'Idempotency-Key', message: 'must be 1–255 visible ASCII characters' }])
  }
  const actorId = ctx.apiKeyId ?? ctx.userId
  if (!actorId) return handler()
  const hash = await requestHash(event)
  const mine = and(eq(idempotencyKeys.orgId, ctx.orgId), eq(idempotencyKeys.actorId, actorId), eq(idempotencyKeys.key, key))

  return inOneTenantTransaction(ctx, async (tx) => {
    await tx.delete(idempotencyKeys).where(and(mine, lt(idempotencyKeys.expiresAt, sql`now()`)))
    // The placeholder claims the key; a concurrent request with it blocks here until this commits.
    const claimed = await tx.insert(idempotencyKeys)
      .values({
        orgId: ctx.orgId, actorId, key, requestHash: hash, responseStatus: 0, responseBody: {},
        expiresAt: new Date(Date.now() + IDEMPOTENCY_TTL_MS),
      })
      .onConflictDoNothing()
      .returning({ id: idempotencyKeys.id })
    if (!claimed.length) {
      const [stored] = await tx.select().from(idempotencyKeys).where(mine)
      if (!stored) throw new ApiError(409, 'CONFLICT', 'A request with this Idempotency-Key is still being processed; retry shortly')
      if (stored.requestHash !== hash) {
        throw new ApiError(422, 'VALIDATION_ERROR', 'This Idempotency-Key was already used with a different request')
      }
      setResponseStatus(event, stored.responseStatus)
      setHeader(event, 'Idempotent-Replayed', 'true')
      return stored.responseBody as T
    }
    const result = await handler()
    await tx.update(idempotencyKeys)
      .set({ responseStatus: getResponseStatus(event), responseBody: result as object })
      .where(and(eq(idempotencyKeys.orgId, ctx.orgId), eq(idempotencyKeys.id, claimed[0]!.id)))
    return result
  })
}
