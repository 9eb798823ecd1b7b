/**
 * What makes Pulse installable, on every page (sign-in included): the web app manifest
 * (nuxt.config.ts, `pwa.manifest`), the icons and the browser's title-bar colour.
 */
export default defineNuxtPlugin({
  name: 'pulse:pwa-head',
  setup() {
    useHead({
      link: [
        { rel: 'manifest', href: '/manifest.webmanifest' },
        { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
        { rel: 'apple-touch-icon', href: '/pwa/apple-touch-icon.png' },
      ],
      meta: [{ name: 'theme-color', content: '#4f46e5' }],
    })
  },
})
