import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { addTypeTemplate, defineNuxtModule } from '@nuxt/kit'
import { UNDECLARED_ROUTES } from '../server/openapi/undeclared'

/** What the generated registry holds per route: Nitro's own route and method for the file. */
interface ScannedRoute { route: string, method: string, file: string }

/**
 * The route files under server/api that must declare themselves with `defineApiRoute`; the
 * build fails on one that does not, naming it. Exceptions are listed in server/openapi/undeclared.ts.
 */
export function undeclaredRoutes(routes: readonly ScannedRoute[], source: (file: string) => string): string[] {
  return routes
    .filter(r => r.route.startsWith('/api') && !UNDECLARED_ROUTES.some(u => u.route === r.route))
    .filter(r => !/export\s+default\s+defineApiRoute\(/.test(source(r.file)))
    .map(r => r.file)
}

/**
 * `#pulse/api-routes`: every `/api` route file with the route and method Nitro serves it
 * at, imported eagerly, so the OpenAPI document is built from the very handlers the server
 * dispatches to (server/openapi/routes.ts).
 */
export default defineNuxtModule({
  meta: { name: 'pulse-api-routes' },
  setup(_options, nuxt) {
    addTypeTemplate({
      filename: 'types/pulse-api-routes.d.ts',
      getContents: () => `declare module '#pulse/api-routes' {
  import type { EventHandler } from 'h3'
  import type { OperationSpec } from '${relative(join(nuxt.options.buildDir, 'types'), join(nuxt.options.rootDir, 'server/openapi/operation'))}'

  /** Every declared /api route: Nitro's route (\`/api/v1/contacts/:id\`), its method and its handler. */
  export function apiRoutes(): readonly { route: string, method: string, handler: EventHandler & { declaration?: OperationSpec } }[]
}
`,
    }, { nitro: true, nuxt: true })
    nuxt.hook('nitro:init', (nitro) => {
      nitro.options.virtual['#pulse/api-routes'] = () => {
        const routes: ScannedRoute[] = nitro.scannedHandlers
          .filter(h => h.route?.startsWith('/api') && typeof h.handler === 'string')
          .map(h => ({ route: h.route!, method: h.method ?? 'all', file: h.handler }))
        const missing = undeclaredRoutes(routes, file => readFileSync(file, 'utf8'))
        if (missing.length) {
          throw new Error(`Routes without a declaration (export default defineApiRoute(…), see server/openapi/README.md): ${missing.map(f => relative(nuxt.options.rootDir, f)).join(', ')}`)
        }
        const declared = routes.filter(r => !UNDECLARED_ROUTES.some(u => u.route === r.route))
        return [
          ...declared.map((r, i) => `import route${i} from ${JSON.stringify(r.file)}`),
          // A function: the OpenAPI route is one of these modules, so the list is read after they all loaded.
          `export function apiRoutes() {\n  return [${declared.map((r, i) => `{ route: ${JSON.stringify(r.route)}, method: ${JSON.stringify(r.method)}, handler: route${i} }`).join(',\n')}]\n}`,
        ].join('\n')
      }
    })
  },
})
