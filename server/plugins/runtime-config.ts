// `useRuntimeConfig(event)` builds each request's copy of the runtime config by cloning
// it and re-reading the environment for every key (case conversions included), and
// @nuxtjs/i18n asks for it on every request: a third of the CPU time of an /api/health
// call (bench/README.md). On Node the environment is the process's and fixed at start,
// so that copy always equals the config Nitro resolved at start. Each request gets a
// plain deep copy of that instead: still its own object (the renderer writes to it), at
// a small part of the cost.
export default defineNitroPlugin((nitroApp) => {
  const resolved = useRuntimeConfig()
  // Before every 'request' hook, so it applies before the i18n plugin's own hook runs.
  nitroApp.hooks.beforeEach(({ name, args }) => {
    if (name !== 'request') return
    // hookable passes the hook's name first, then the event.
    const event = args.find(arg => typeof arg === 'object' && arg !== null && 'context' in arg) as { context: { nitro?: { runtimeConfig?: unknown } } } | undefined
    const context = event?.context
    if (context?.nitro && !context.nitro.runtimeConfig) context.nitro.runtimeConfig = copy(resolved)
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
