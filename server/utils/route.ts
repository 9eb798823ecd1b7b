import type { EventHandler, H3Event } from 'h3'
import { defineEventHandler, setResponseStatus } from 'h3'
import type { z } from 'zod'
import type { Role } from '../../shared/domain'
import type { Access, OperationSpec, Success } from '../openapi/operation'
import { forbidden, ok, validateBody, validateParams, validateQuery, type CursorListMeta, type ListMeta } from './api'
import { requireRole, requireUser } from './auth'
import { idempotent } from './idempotency'
import type { TenantContext } from './tenant'

type Output<S> = S extends z.ZodType ? z.output<S> : undefined

/** The caller as the declared access admits them: nobody, anyone with the role, or a signed-in person. */
type CallerOf<A extends Access> = A extends 'public' ? null : A extends { user: Role } ? TenantContext & { userId: string } : TenantContext

/** What the handler returns for each kind of success. */
type ResultOf<S extends Success> = S extends { data: z.ZodType } ? unknown
  : S extends { list: z.ZodType } ? { data: unknown[], meta: ListMeta | CursorListMeta }
    : unknown

export interface RouteInput<A extends Access, P, Q, B> {
  event: H3Event
  ctx: CallerOf<A>
  params: Output<P>
  query: Output<Q>
  body: Output<B>
}

export type RouteDeclaration<A extends Access, P, Q, B, S extends Success> = Omit<OperationSpec, 'access' | 'params' | 'query' | 'body' | 'success'> & {
  access: A
  params?: P & z.ZodObject
  query?: Q & z.ZodObject
  body?: B & z.ZodType
  success: S
}

/** A route handler that carries its declaration: the OpenAPI document and the suites read it from here. */
export type DeclaredRoute = EventHandler & { declaration: OperationSpec }

const ENROLMENT_DUE = 'Your organization requires two-step verification: set up an authenticator app first'

async function authorize(event: H3Event, spec: OperationSpec): Promise<TenantContext | null> {
  const { access } = spec
  if (access === 'public') return null
  const ctx = typeof access === 'string' ? await requireRole(event, access) : await requireUser(event, access.user)
  // Enforced here, for the app and the API alike: the session is good for setting up the second factor only.
  if (ctx.mfaEnrolmentDue && !spec.duringMfaEnrolment) throw forbidden(ENROLMENT_DUE)
  return ctx
}

function envelope(event: H3Event, success: Success, result: unknown): unknown {
  if (success.status && success.status !== 200 && success.status !== 303) setResponseStatus(event, success.status)
  if ('data' in success) return ok(result)
  if ('list' in success) {
    const { data, meta } = result as { data: unknown[], meta: ListMeta | CursorListMeta }
    return ok(data, meta)
  }
  return result
}

/**
 * The one way to write an `/api` route: its declaration (who may call it, its inputs and
 * answer, see server/openapi/operation.ts) and the handler. The order is always the same:
 * path parameters, query and body are validated, the caller is authenticated and
 * authorized, the handler runs (inside `idempotent()` when declared) and its result is
 * put in the envelope the declaration names. An upload's body is the handler's to read.
 */
export function defineApiRoute<A extends Access, S extends Success, P = undefined, Q = undefined, B = undefined>(
  declaration: RouteDeclaration<A, P, Q, B, S>,
  handler: (input: RouteInput<A, P, Q, B>) => Promise<ResultOf<S>> | ResultOf<S>,
): DeclaredRoute {
  const spec = declaration as OperationSpec
  const route = defineEventHandler(async (event) => {
    const params = spec.params ? validateParams(event, spec.params) : undefined
    const query = spec.query ? validateQuery(event, spec.query) : undefined
    const body = spec.body ? await validateBody(event, spec.body) : undefined
    const ctx = await authorize(event, spec)
    const input = { event, ctx, params, query, body } as RouteInput<A, P, Q, B>
    const run = async () => envelope(event, spec.success, await handler(input))
    return spec.idempotent && ctx ? idempotent(event, ctx, run) : run()
  })
  return Object.assign(route, { declaration: spec })
}
