import tailwindcss from '@tailwindcss/vite'
import { cp } from 'node:fs/promises'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

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
  ],
  devtools: { enabled: false },

  css: ['primeicons/primeicons.css', '~/assets/css/main.css'],

  // Top-level layout (pages/, components/, ...) as in DESIGN.md instead of Nuxt 4's app/.
  dir: { app: 'app' },
  srcDir: '.',
  compatibilityDate: '2026-11-01',

  nitro: {
    // PrimeVue's style entries are imported by bare subpath, which file tracing misses
    // (the server then fails to start); bundling them into the server avoids that.
    externals: { inline: [/^@primevue\//, /^@primeuix\//] },
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
    nodeTsConfig: { include: ['../tests/**/*.ts', '../scripts/**/*.ts', '../vitest.config.ts', '../drizzle.config.ts'], exclude: ['../tests/.tmp/**'] },
  },
  telemetry: false,

  hooks: {
    // API errors answer in the JSON envelope; Nuxt's own handler still renders page errors.
    'nitro:config'(config) {
      const nuxtHandlers = config.errorHandler ? [config.errorHandler].flat() : []
      config.errorHandler = [fileURLToPath(new URL('./server/error-handler.ts', import.meta.url)), ...nuxtHandlers]
    },
  },

  auth: {
    // Wired fully in the accounts issue; the local provider talks to /api/v1/auth.
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
    // Only what the app uses; the theme comes from a file so the preset is not inlined twice.
    autoImport: false,
    components: {
      include: ['Button', 'Card', 'Column', 'DataTable', 'Drawer', 'IconField', 'InputIcon', 'InputText', 'Message', 'Password', 'Select', 'Skeleton', 'Tag', 'Toast'],
    },
    directives: { include: ['Tooltip'] },
    composables: { include: ['useToast'] },
    importTheme: { as: 'PulseTheme', from: fileURLToPath(new URL('./theme/pulse.ts', import.meta.url)) },
  },

  pwa: {
    // Completed in the PWA issue; registered now so the build carries the service worker.
    registerType: 'prompt',
    manifest: {
      name: 'Pulse CRM',
      short_name: 'Pulse',
      lang: 'de',
      theme_color: '#4f46e5',
      background_color: '#ffffff',
      display: 'standalone',
      start_url: '/',
    },
    workbox: { navigateFallback: null, globPatterns: ['**/*.{js,css,svg,png,ico,woff2}'] },
    client: { installPrompt: false },
  },
})
