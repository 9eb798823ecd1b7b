import type { EventHandler } from 'h3'
import type { Method, Operation, OperationSpec } from './operation'

export interface RegisteredRoute { route: string, method: string, handler: EventHandler & { declaration?: OperationSpec } }

const METHODS = new Set<string>(['get', 'post', 'put', 'patch', 'delete'])

/** Nitro's route (`/api/v1/contacts/:id`) as an OpenAPI path (`/api/v1/contacts/{id}`). */
export const openApiPath = (route: string) => route.replace(/:(\w+)/g, '{$1}')

/**
 * The operations of the registered routes, in the order of the document: by tag as
 * `tags` lists them, then by path. Fails on a route without a declaration or with a
 * method OpenAPI cannot describe, so neither can reach the document by accident.
 */
export function operationsOf(routes: readonly RegisteredRoute[], tagOrder: readonly string[]): Operation[] {
  const operations = routes.map(({ route, method, handler }): Operation => {
    if (!handler.declaration) throw new Error(`${route} (${method}) has no declaration: export default defineApiRoute(…)`)
    if (!METHODS.has(method)) throw new Error(`${route}: a declared route needs a method in its file name (e.g. index.get.ts), not "${method}"`)
    return { method: method as Method, path: openApiPath(route), spec: handler.declaration }
  })
  const tagIndex = (op: Operation) => tagOrder.indexOf(op.spec.tag)
  const methodIndex = (op: Operation) => ['get', 'post', 'put', 'patch', 'delete'].indexOf(op.method)
  return operations.sort((a, b) => tagIndex(a) - tagIndex(b) || a.path.localeCompare(b.path) || methodIndex(a) - methodIndex(b))
}
