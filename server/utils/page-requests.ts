import { getRequestHeader, type H3Event } from 'h3'

/**
 * Requests whose answer may be a rendered page. The API (`/api`, its reference at
 * `/api/docs` included) and the metrics scrape never render one.
 */
export function isPageRequest(path: string): boolean {
  return !(/^\/api(?:[/?]|$)/.test(path) || /^\/metrics(?:\?|$)/.test(path))
}

/**
 * A browser loading a page as a document (not the API, not a build asset, not a script's
 * fetch): what the page-load middlewares act on.
 */
export function isDocumentLoad(event: H3Event): boolean {
  if (event.method !== 'GET' && event.method !== 'HEAD') return false
  const path = event.path
  if (!isPageRequest(path) || path.startsWith('/_')) return false
  const dest = getRequestHeader(event, 'sec-fetch-dest')
  if (dest) return dest === 'document'
  return (getRequestHeader(event, 'accept') ?? '').includes('text/html')
}

/** `request` and `beforeResponse` hooks that run for every request; all others are the renderer's. */
const everyRequest = new WeakSet<object>()

/** Registers nothing: marks a hook of this app that must also see requests that render no page (metrics). */
export function forEveryRequest<F extends (...args: never[]) => unknown>(hook: F): F {
  everyRequest.add(hook)
  return hook
}

type Hook = (event: { path: string }, ...rest: unknown[]) => unknown
const GATED_HOOKS = ['request', 'beforeResponse'] as const

/**
 * Makes the `request` and `beforeResponse` hooks registered so far run only for page
 * requests, except those marked with `forEveryRequest`. The modules that hook into every
 * request do so for the page renderer: @nuxtjs/i18n builds a message context, and
 * nuxt-security resolves its rules (a structuredClone of every route's rules) and draws a
 * CSP nonce, then resolves the rules again before the answer. None of that serves an API
 * answer. Calling it again wraps only hooks registered since (a module whose plugin is
 * async registers late); a call that finds nothing new costs a few WeakSet lookups.
 *
 * hookable keeps each hook's functions in `_hooks[name]`, the array its own `removeHook`
 * edits and `callHook` copies after the `beforeEach` callbacks: a wrapper put there
 * applies from the call being made. tests/unit/page-requests.test.ts fails if that changes.
 */
export function confineHooksToPages(hooks: object): void {
  const registry = (hooks as unknown as { _hooks: Record<string, Hook[] | undefined> })._hooks
  for (const name of GATED_HOOKS) {
    const list = registry[name]
    if (!list) continue
    list.forEach((hook, index) => {
      if (everyRequest.has(hook)) return
      const pageOnly: Hook = (event, ...rest) => (isPageRequest(event.path) ? hook(event, ...rest) : undefined)
      everyRequest.add(pageOnly)
      list[index] = pageOnly
    })
  }
}

/** The API reference: a page of its own with its own CSP (nuxt.config.ts), so nuxt-security resolves its rules. */
const OWN_RULES = new Set(['/api/docs'])

/**
 * nuxt-security's rules for a request that renders no page, resolved once, or undefined
 * for a path with rules of its own. nuxt-security resolves a request's rules on its first
 * use, with a structuredClone of every route's rules and a new route matcher, and its five
 * middlewares (all switched off in nuxt.config.ts) use them on every request, one of them
 * with a second new matcher for the route's name: 13 % of /api/health's CPU. Under /api only the catch-all `/**` applies (checked at start, see
 * `apiSecurityRules`), so every API request can share one frozen copy of it.
 */
export function presetSecurityRules(event: { path: string, context: Record<string, unknown> }, rules: object | undefined): void {
  if (!rules || isPageRequest(event.path) || OWN_RULES.has(event.path.split('?', 1)[0]!)) return
  // `route` is the rule pattern that matched, which its rate limiter (off) looks up per request.
  if (!event.context.security) event.context.security = { rules, route: '/**' }
}

/**
 * The rules of `/**` from nuxt-security's route options (its `nuxt-security:routeRules`
 * hook), deep-frozen. Throws if another route pattern could apply to an API path, so a
 * new route rule under /api cannot be silently ignored.
 */
export function apiSecurityRules(options: Record<string, unknown>): object {
  for (const pattern of Object.keys(options)) {
    if (pattern !== '/**' && !OWN_RULES.has(pattern) && (pattern.startsWith('/api') || pattern.startsWith('/metrics') || !pattern.startsWith('/') || pattern.startsWith('/*'))) {
      throw new Error(`nuxt-security route rule "${pattern}" may apply to API requests: server/utils/page-requests.ts must learn to resolve it`)
    }
  }
  return deepFreeze(structuredClone(options['/**'] ?? {}) as object)
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child && typeof child === 'object') deepFreeze(child as object)
  }
  return Object.freeze(value)
}
