import type { H3Event } from 'h3'
import { getRequestURL } from 'h3'

export const METRICS_PATH = '/metrics'

type Resolve = (path: string) => Promise<{ route?: string } | undefined> | { route?: string } | undefined

/**
 * The route pattern of a request, for metric labels: the router's match
 * (`/api/v1/contacts/:id`) — looked up when middleware answered before routing (a 429,
 * a 413) — so ids never become labels. Unknown API paths share `/api/**` (the envelope's
 * 404 route), pages and public files `/**` (the page renderer), build assets `/_nuxt/**`.
 */
export async function routeLabel(event: H3Event, resolve: Resolve): Promise<string> {
  const matched = (event.context.matchedRoute as { path?: string } | undefined)?.path
  if (matched) return matched
  const path = getRequestURL(event).pathname
  if (path.startsWith('/_nuxt/')) return '/_nuxt/**'
  try {
    return (await resolve(path))?.route ?? '/**'
  }
  catch {
    return '/**'
  }
}
