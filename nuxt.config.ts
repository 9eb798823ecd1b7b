import tailwindcss from '@tailwindcss/vite'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cp } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { API_DOCS_ASSETS, API_DOCS_CSP } from './server/openapi/reference/page'
import { writePrimeVueStylesheet } from './theme/stylesheet'

/**
 * The API reference's static files: Swagger UI's bundle (with its licence) and our own
 * start script and styles, gathered in one folder that is served as public assets —
 * from this server, never from a CDN. Not in the build folder: Nitro skips anything
 * under a `.cache` folder when it copies public assets.
 */
function apiDocsAssets(): { dir: string, version: string } {
  const dir = fileURLToPath(new URL('./node_modules/.pulse-api-docs/', import.meta.url))
  const swaggerUi = fileURLToPath(new URL('./node_modules/swagger-ui-dist/', import.meta.url))
  const ours = fileURLToPath(new URL('./server/openapi/reference/', import.meta.url))
  const hash = createHash('sha256')
  mkdirSync(dir, { recursive: true })
  for (const [from, files] of [[swaggerUi, ['swagger-ui-bundle.js', 'swagger-ui.css', 'LICENSE', 'NOTICE']], [ours, ['pulse-docs.js', 'pulse-docs.css']]] as const) {
    for (const file of files) {
      cpSync(join(from, file), join(dir, file))
      hash.update(readFileSync(join(dir, file)))
    }
  }
  return { dir, version: hash.digest('hex').slice(0, 12) }
}

const apiDocs = apiDocsAssets()

/** The PrimeVue components and directives the app uses: only these are registered and styled. */
const PRIMEVUE_COMPONENTS = ['AutoComplete', 'Avatar', 'Button', 'Card', 'Chip', 'Column', 'ConfirmDialog', 'DataTable', 'DatePicker', 'Dialog', 'Drawer', 'IconField', 'InputIcon', 'InputNumber', 'InputText', 'Menu', 'Message', 'MultiSelect', 'Paginator', 'Password', 'Popover', 'Select', 'SelectButton', 'Skeleton', 'Tag', 'Textarea', 'Toast', 'ToggleSwitch']
const PRIMEVUE_DIRECTIVES = ['Tooltip']
/** Their theme, precomputed at build time (theme/stylesheet.ts) and bundled into the app's stylesheet. */
const primevueCss = fileURLToPath(new URL('./node_modules/.pulse-primevue/primevue.css', import.meta.url))
// Nuxt checks the `css` entries when it loads this file; the `build:before` hook fills it in before Vite reads it.
if (!existsSync(primevueCss)) {
  mkdirSync(dirname(primevueCss), { recursive: true })
  writeFileSync(primevueCss, '')
}

// Server settings (database, secrets) are read from the environment at start by
// server/utils/env.ts, never baked into the build.
export default defineNuxtConfig({
  modules: [
    '@nuxt/eslint',
    '@pinia/nuxt',
    '@nuxtjs/i18n',
    '@primevue/nuxt-module',
    '@sidebase/nuxt-auth',
    '@vite-pwa/nuxt',
    'nuxt-security',
  ],
  devtools: { enabled: false },

  // main.css first: it declares the order of the CSS layers the PrimeVue stylesheet fills.
  css: ['primeicons/primeicons.css', '~/assets/css/main.css', primevueCss],

  // Server-only: links the API reference's assets with a hash of their contents.
  runtimeConfig: {
    apiDocsVersion: apiDocs.version,
    // How often the header asks for the unread count (NUXT_PUBLIC_NOTIFICATION_POLL_MS).
    public: { notificationPollMs: 30_000 },
  },

  // Top-level layout (pages/, components/, ...) as in DESIGN.md instead of Nuxt 4's app/.
  dir: { app: 'app' },
  srcDir: '.',

  routeRules: {
    // The API reference is a plain page of its own (nuxt-security's nonce CSP covers Nuxt's pages only).
    '/api/docs': { headers: { 'content-security-policy': API_DOCS_CSP } },
  },
  compatibilityDate: '2026-11-01',

  nitro: {
    // PrimeVue's style entries are imported by bare subpath, which file tracing misses
    // (the server then fails to start); bundling them into the server avoids that.
    externals: { inline: [/^@primevue\//, /^@primeuix\//] },
    // The built server answers for its own assets (no proxy in front on the embedded default):
    // brotli and gzip copies made at build time, chosen by Accept-Encoding.
    compressPublicAssets: { gzip: true, brotli: true },
    hooks: {
      // Drizzle migrations are applied at start; ship them inside the build.
      async compiled(nitro) {
        await cp(resolve(nitro.options.rootDir, 'drizzle/migrations'), resolve(nitro.options.output.serverDir, 'migrations'), { recursive: true })
      },
    },
  },
  vite: { plugins: [tailwindcss()] },
  typescript: {
    strict: true,
    // Tests, scripts and tool configs are type-checked with the Node-side project.
    nodeTsConfig: { include: ['../tests/**/*.ts', '../scripts/**/*.ts', '../bench/**/*.ts', '../vitest.config.ts', '../drizzle.config.ts'], exclude: ['../tests/.tmp/**'] },
  },
  telemetry: false,

  hooks: {
    // No prefetch hints in rendered pages: they put chunks of other pages, and primeicons'
    // 340 KB SVG font fallback, on every first load's wire (about 150 KB compressed of a list
    // page's; bench/page-weight.ts). The service worker keeps the whole shell once installed,
    // so later navigations do not miss them; before that, a page's chunks load when visited.
    'build:manifest'(manifest) {
      for (const resource of Object.values(manifest)) resource.prefetch = false
    },
    // Before Vite reads the stylesheet list above (dev and build alike).
    async 'build:before'() {
      await writePrimeVueStylesheet({ theme: fileURLToPath(new URL('./theme/pulse.ts', import.meta.url)), components: PRIMEVUE_COMPONENTS, directives: PRIMEVUE_DIRECTIVES, file: primevueCss })
    },
    'nitro:config'(config) {
      // API errors answer in the JSON envelope; Nuxt's own handler still renders page errors.
      const nuxtHandlers = config.errorHandler ? [config.errorHandler].flat() : []
      config.errorHandler = [fileURLToPath(new URL('./server/error-handler.ts', import.meta.url)), ...nuxtHandlers]
      config.publicAssets = [
        ...(config.publicAssets ?? []),
        // Cached for a year: the page links them with a hash of their contents.
        { dir: apiDocs.dir, baseURL: API_DOCS_ASSETS, maxAge: 365 * 24 * 60 * 60 },
      ]
    },
  },

  auth: {
    // The local provider signs in at /api/v1/auth and keeps the access token in `pulse.access`.
    // Its own refresh stays off: it would hold the refresh token in a script-readable cookie
    // and in the page state. The server keeps the refresh token in an httpOnly cookie
    // (server/utils/session-cookies.ts); plugins/session.client.ts renews the access token and
    // signs out (signOut is not the module's: it cannot send the web-client header), and
    // server/middleware/05.session-resume.ts renews it for page loads. README, "Security".
    isEnabled: true,
    baseURL: '/api/v1/auth',
    globalAppMiddleware: true,
    provider: {
      type: 'local',
      endpoints: {
        signIn: { path: '/login', method: 'post' },
        signOut: false,
        signUp: false,
        getSession: { path: '/me', method: 'get' },
      },
      token: {
        signInResponseTokenPointer: '/data/accessToken',
        type: 'Bearer',
        cookieName: 'pulse.access',
        headerName: 'Authorization',
        maxAgeInSeconds: 15 * 60,
        sameSiteAttribute: 'lax',
        secureCookieAttribute: process.env.NODE_ENV === 'production',
      },
      session: { dataType: {} },
    },
    sessionRefresh: { enableOnWindowFocus: false, enablePeriodically: false },
  },

  eslint: { config: { stylistic: true } },

  i18n: {
    strategy: 'no_prefix',
    defaultLocale: 'de',
    restructureDir: '.',
    langDir: 'locales',
    locales: [
      { code: 'de', language: 'de-DE', name: 'Deutsch', file: 'de.json' },
      { code: 'en', language: 'en-GB', name: 'English', file: 'en.json' },
    ],
    detectBrowserLanguage: {
      useCookie: true,
      cookieKey: 'pulse_locale',
      fallbackLocale: 'de',
      redirectOn: 'root',
    },
  },

  primevue: {
    // Only what the app uses. Styled mode without run-time styling: the theme (theme/pulse.ts,
    // light and dark) is one static, hashed stylesheet (see `css`), so pages carry no inline
    // <style> and the browser computes no CSS from design tokens.
    autoImport: false,
    loadStyles: false,
    options: { theme: 'none' },
    components: { include: PRIMEVUE_COMPONENTS },
    directives: { include: PRIMEVUE_DIRECTIVES },
    composables: { include: ['useConfirm', 'useToast'] },
  },

  pwa: {
    // Our own service worker (service-worker/sw.ts): it precaches the app shell and an
    // offline page and never caches pages or API answers, which hold one user's data.
    strategies: 'injectManifest',
    srcDir: 'service-worker',
    filename: 'sw.ts',
    // A new version waits until the user agrees to reload (components/pwa/PwaUpdatePrompt.vue).
    registerType: 'prompt',
    injectRegister: false,
    // German: the app's default language and its market; the install dialog shows one language.
    manifest: {
      id: '/',
      name: 'Pulse CRM',
      short_name: 'Pulse',
      description: 'Kontakte, Firmen, Deals und Aufgaben Ihres Vertriebs – im Büro und unterwegs auf dem Tablet.',
      lang: 'de',
      dir: 'ltr',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      orientation: 'any',
      // Pulse indigo (primary 600) and the app's page background (surface 50), theme/pulse.ts.
      theme_color: '#4f46e5',
      background_color: '#f8fafc',
      categories: ['business', 'productivity'],
      icons: [
        { src: '/pwa/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
        { src: '/pwa/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        { src: '/pwa/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
        { src: '/pwa/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
      screenshots: [
        { src: '/pwa/screenshot-wide.webp', sizes: '1280x800', type: 'image/webp', form_factor: 'wide', label: 'Pipeline mit Deals je Phase' },
        { src: '/pwa/screenshot-narrow.webp', sizes: '768x1024', type: 'image/webp', form_factor: 'narrow', label: 'Kontakt mit Verlauf auf dem Tablet' },
      ],
      shortcuts: [
        { name: 'Kontakte', url: '/contacts', icons: [{ src: '/pwa/icon-192.png', sizes: '192x192', type: 'image/png' }] },
        { name: 'Deals', url: '/deals', icons: [{ src: '/pwa/icon-192.png', sizes: '192x192', type: 'image/png' }] },
        { name: 'Aktivitäten', url: '/activities', icons: [{ src: '/pwa/icon-192.png', sizes: '192x192', type: 'image/png' }] },
      ],
    },
    injectManifest: {
      // The shell: scripts, styles, icons, the icon font, Nuxt's build manifest. Not the API
      // reference (1.9 MB, for integrators) nor the install dialog's screenshots.
      globPatterns: ['**/*.{js,css,svg,png,ico,woff2}'],
      // Nuxt's build manifest is precached by the module; latest.json must come from the network.
      globIgnores: ['api/docs/**', 'pwa/screenshot-*', '_nuxt/primeicons.*.svg', '_nuxt/builds/latest.json', 'sw.js'],
      manifestTransforms: [async (entries) => {
        // The translations are served by the server (@nuxtjs/i18n, /_i18n/<hash>/<locale>/messages.json)
        // and the offline page needs them with no server: precache the URLs the client build links.
        const { readFile } = await import('node:fs/promises')
        const publicDir = fileURLToPath(new URL('./.output/public/', import.meta.url))
        const urls = new Set<string>()
        for (const entry of entries.filter(e => e.url.endsWith('.js'))) {
          const code = await readFile(join(publicDir, entry.url), 'utf8')
          for (const [, table] of code.matchAll(/\/_i18n\/\$\{\{([^}]*)\}\[/g)) {
            for (const [, locale, hash] of table!.matchAll(/(\w+):[`'"]([\w-]+)[`'"]/g)) urls.add(`/_i18n/${hash}/${locale}/messages.json`)
          }
        }
        if (!urls.size) throw new Error('pwa: no translation URLs in the client build, the offline page would show message keys')
        const revision = String(Date.now())
        return { manifest: [...entries, ...[...urls].map(url => ({ url, revision, size: 0 }))], warnings: [] }
      }],
    },
    client: { installPrompt: false },
  },

  security: {
    // Response headers only. Rate limits, CORS and the body limit read runtime settings
    // (server/middleware, server/utils/rate-limit.ts), which this module fixes at build time.
    nonce: true,
    headers: {
      contentSecurityPolicy: {
        'default-src': ['\'self\''],
        // Only scripts carrying this request's nonce run, and what they load ('strict-dynamic').
        'script-src': ['\'self\'', '\'strict-dynamic\'', '\'nonce-{{nonce}}\''],
        'script-src-attr': ['\'none\''],
        // PrimeVue writes <style> elements at run time without a nonce, and Vue renders style
        // attributes: styles stay inline-capable. Scripts are the injection risk that matters.
        'style-src': ['\'self\'', '\'unsafe-inline\''],
        'img-src': ['\'self\'', 'data:'],
        'font-src': ['\'self\'', 'data:'],
        'connect-src': ['\'self\''],
        'worker-src': ['\'self\''],
        'manifest-src': ['\'self\''],
        'object-src': ['\'none\''],
        'base-uri': ['\'none\''],
        'frame-ancestors': ['\'none\''],
        'form-action': ['\'self\''],
        // Every source is 'self' and HSTS keeps the origin on https; the upgrade would only break plain-http runs.
        'upgrade-insecure-requests': false,
      },
      // A built server is production (nuxi build sets NODE_ENV); `nuxt dev` sends no HSTS.
      strictTransportSecurity: process.env.NODE_ENV === 'production' ? { maxAge: 31_536_000, includeSubdomains: true } : false,
      xContentTypeOptions: 'nosniff',
      referrerPolicy: 'strict-origin-when-cross-origin',
      xFrameOptions: 'DENY',
    },
    rateLimiter: false,
    requestSizeLimiter: false,
    corsHandler: false,
    allowedMethodsRestricter: false,
    // It rejects any JSON value that merely looks like markup (a note about "<b>"); output is escaped instead.
    xssValidator: false,
    // Keep client console output: the browser tests read it and support needs it.
    removeLoggers: false,
  },
})
