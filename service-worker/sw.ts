/// <reference lib="webworker" />
import { cleanupOutdatedCaches, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'
import { NetworkOnly } from 'workbox-strategies'

// Pulse's service worker (README, "Tablet app and offline reading"). It keeps the app
// shell (the build's scripts, styles, icons) and an offline page, and nothing else:
// pages and API answers carry one user's data and always come from the network.

declare let self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | PrecacheEntry)[] }

/** The offline page: fetched without cookies, so the copy kept here belongs to no one. */
const OFFLINE_PATH = '/offline'
const OFFLINE_CACHE_PREFIX = 'pulse-offline-page-'

const manifest = self.__WB_MANIFEST

/** One cache per build: the offline page links this build's scripts. */
function buildKey(entries: (string | PrecacheEntry)[]): string {
  let hash = 5381
  for (const char of JSON.stringify(entries)) hash = ((hash * 33) ^ char.charCodeAt(0)) >>> 0
  return hash.toString(36)
}
const offlineCache = `${OFFLINE_CACHE_PREFIX}${buildKey(manifest)}`

precacheAndRoute(manifest)
cleanupOutdatedCaches()

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const answer = await fetch(OFFLINE_PATH, { credentials: 'omit', cache: 'reload', redirect: 'error' })
    if (!answer.ok) throw new Error(`offline page answered ${answer.status}`)
    await (await caches.open(offlineCache)).put(OFFLINE_PATH, answer)
  })())
})

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    // Page loads stay the browser's own requests (Sec-Fetch-Dest: document), which the server
    // needs to resume a session (server/middleware/05.session-resume.ts); NetworkOnly uses them.
    await self.registration.navigationPreload?.enable()
    for (const name of await caches.keys()) {
      if (name.startsWith(OFFLINE_CACHE_PREFIX) && name !== offlineCache) await caches.delete(name)
    }
  })())
})

// The update prompt (components/pwa/PwaUpdatePrompt.vue) lets the waiting version take over.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting()
})

async function offlinePage(): Promise<Response> {
  const kept = await (await caches.open(offlineCache)).match(OFFLINE_PATH)
  return kept ?? Response.error()
}

// The offline page itself: always the kept copy (it reads its data from this device).
registerRoute(
  ({ request, url }) => request.mode === 'navigate' && url.pathname === OFFLINE_PATH,
  offlinePage,
)

// Every other page: from the network only. When it cannot be reached, go to the offline
// page and tell it where the user wanted to be (it shows that record if it has a copy).
const networkOnly = new NetworkOnly()
registerRoute(new NavigationRoute(async (options) => {
  try {
    return await networkOnly.handle(options)
  }
  catch {
    const url = new URL(options.request.url)
    const target = new URL(OFFLINE_PATH, url.origin)
    target.searchParams.set('from', `${url.pathname}${url.search}`)
    return Response.redirect(target.href, 303)
  }
}, { denylist: [/^\/api\//] }))

// Web push (server/services/push.ts): the message names the record it leads to.
interface PushMessage { title?: string, body?: string, url?: string, tag?: string }

/** Only a path in this app: a message can never send someone elsewhere. */
function appUrl(url: string | undefined): string {
  const target = new URL(url || '/notifications', self.location.origin)
  return target.origin === self.location.origin ? target.href : new URL('/notifications', self.location.origin).href
}

self.addEventListener('push', (event) => {
  let message: PushMessage
  try {
    message = (event.data?.json() ?? {}) as PushMessage
  }
  catch {
    message = { body: event.data?.text() }
  }
  event.waitUntil(self.registration.showNotification(message.title || 'Pulse', {
    body: message.body ?? '',
    tag: message.tag,
    data: { url: appUrl(message.url) },
    icon: '/pwa/icon-192.png',
    badge: '/pwa/icon-192.png',
  }))
})

self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  const url = appUrl((event.notification.data as { url?: string } | null)?.url)
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
    const open = windows.find(client => new URL(client.url).origin === self.location.origin)
    if (open) {
      const focused = await open.focus()
      await focused.navigate(url).catch(() => self.clients.openWindow(url))
      return
    }
    await self.clients.openWindow(url)
  })())
})
