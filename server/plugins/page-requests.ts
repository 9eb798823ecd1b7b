import type { H3Event } from 'h3'
import { apiSecurityRules, confineHooksToPages, isPageRequest, presetSecurityRules } from '../utils/page-requests'

// Per-request work that only the page renderer needs, kept off every other request
// (before this, about half of /api/health's CPU; bench/README.md):
//
// - The modules' `request` and `beforeResponse` hooks run for pages only
//   (server/utils/page-requests.ts). Each call of those hooks wraps what is registered by
//   then, so the modules' plugins, which start after this one, are included.
// - nuxt-security's rules for API requests are resolved once, not per request.
// - `useRuntimeConfig(event)` builds each request's copy of the runtime config by cloning it
//   and re-reading the environment for every key (case conversions included), and the
//   renderer and @nuxtjs/i18n ask for it on every page request. On Node the environment is
//   the process's and fixed at start, so that copy always equals the config Nitro resolved
//   at start: a page request gets a plain deep copy of that instead, its own object (the
//   renderer writes to it) at a small part of the cost. Server code outside the renderer
//   reads `useRuntimeConfig()` without an event.
export default defineNitroPlugin((nitroApp) => {
  const resolved = useRuntimeConfig()
  let apiRules: object | undefined
  // Called by nuxt-security's first plugin, which starts after this one.
  nitroApp.hooks.hook('nuxt-security:routeRules', (options) => {
    apiRules = apiSecurityRules(options as Record<string, unknown>)
  })
  nitroApp.hooks.beforeEach(({ name, args }) => {
    if (name !== 'request' && name !== 'beforeResponse') return
    confineHooksToPages(nitroApp.hooks)
    if (name !== 'request') return
    // hookable passes the hook's name first, then the event.
    const event = args.find(arg => typeof arg === 'object' && arg !== null && 'context' in arg) as H3Event | undefined
    if (!event) return
    presetSecurityRules(event, apiRules)
    const context = event.context as { nitro?: { runtimeConfig?: unknown } }
    if (context.nitro && !context.nitro.runtimeConfig && isPageRequest(event.path)) context.nitro.runtimeConfig = copy(resolved)
  })
})

/** A deep copy of plain JSON-like data; several times cheaper than structuredClone for this. */
function copy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copy) as T
  if (value === null || typeof value !== 'object') return value
  const result: Record<string, unknown> = {}
  for (const key in value) result[key] = copy((value as Record<string, unknown>)[key])
  return result as T
}
