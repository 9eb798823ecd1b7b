import { ACCESS_COOKIE, REFRESH_MARGIN_SECONDS, secondsLeft, WEB_CLIENT, WEB_CLIENT_HEADER } from '~~/shared/session'
import { wipeOfflineRecords } from '~/composables/useOfflineRecords'

const LOCK = 'pulse.session.refresh'
const CHANNEL = 'pulse.session'
const webClient = { [WEB_CLIENT_HEADER]: WEB_CLIENT }
/** The offline copies (composables/useOfflineRecords.ts) go with the session that made them. */
const wipeOffline = () => wipeOfflineRecords().catch(error => console.warn('offline copies not wiped', error))

function readCookie(name: string): string | null {
  for (const part of document.cookie.split('; ')) {
    const eq = part.indexOf('=')
    if (part.slice(0, eq) === name) return decodeURIComponent(part.slice(eq + 1))
  }
  return null
}

/**
 * Keeps the browser's session alive (README, "Security"). The refresh token is in an
 * httpOnly cookie no script can read; this asks the server to use it
 * - shortly before the access token expires: a timer, and again whenever the tab comes
 *   back to the foreground, as background tabs' timers are throttled or frozen;
 * - when an API call answers 401: useApi then retries once with the new token.
 * Refreshes are single-flight: one at a time per tab, one at a time across tabs (a Web
 * Lock), and a tab that waited first adopts the fresh token another tab has just put
 * into the shared `pulse.access` cookie. What still races (page loads on the server, a
 * lost answer) the server forgives for a few seconds (REFRESH_REUSE_GRACE_SECONDS).
 *
 * Page loads never need this: the server renews an expired token before rendering
 * (server/middleware/05.session-resume.ts). @sidebase/nuxt-auth's own refresh is not
 * used: it needs the refresh token in a script-readable cookie and in the page state.
 */
export default defineNuxtPlugin({
  name: 'pulse:session',
  setup(nuxtApp) {
    const { rawToken } = useAuthState()
    const { getSession, signOut: forget } = useAuth()
    const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null
    let inFlight: Promise<boolean> | null = null
    let timer: ReturnType<typeof setTimeout> | undefined

    /** This device's session is over: forget it and ask to sign in again, then come back here. */
    async function ended(): Promise<unknown> {
      await wipeOffline()
      const here = nuxtApp.$router.currentRoute.value.fullPath
      return nuxtApp.runWithContext(() => forget({ callbackUrl: `/login?redirect=${encodeURIComponent(here)}` }))
    }

    async function exchange(stale: string | null): Promise<boolean> {
      const shared = readCookie(ACCESS_COOKIE)
      if (shared && shared !== stale && secondsLeft(shared) > REFRESH_MARGIN_SECONDS) {
        rawToken.value = shared
        return true
      }
      try {
        const answer = await $fetch<ApiSuccess<{ accessToken: string }>>('/api/v1/auth/refresh', { method: 'POST', headers: webClient })
        rawToken.value = answer.data.accessToken
        return true
      }
      catch (error) {
        // 401: the refresh cookie is gone, expired or revoked (the server has cleared it).
        // Anything else (offline, rate limit) is tried again at the next occasion.
        if ((error as { statusCode?: number }).statusCode === 401 && rawToken.value === stale) await ended()
        return false
      }
    }

    /** A fresh access token; false when there is none to be had (then the session may have ended). */
    function refresh(): Promise<boolean> {
      if (!inFlight) {
        const stale = rawToken.value
        const run = () => exchange(stale)
        // The lock is held until the exchange has settled (its callback's promise).
        const locked: Promise<boolean> = typeof navigator.locks?.request === 'function'
          ? navigator.locks.request(LOCK, run).then(result => result)
          : run()
        inFlight = locked.finally(() => {
          inFlight = null
        })
      }
      return inFlight
    }

    function schedule() {
      clearTimeout(timer)
      if (!rawToken.value) return
      const delay = Math.max(0, secondsLeft(rawToken.value) - REFRESH_MARGIN_SECONDS) * 1000
      timer = setTimeout(() => void refresh(), Math.min(delay, 2 ** 31 - 1))
    }
    watch(rawToken, schedule, { immediate: true })

    const renewIfDue = () => {
      if (document.visibilityState === 'visible' && rawToken.value && secondsLeft(rawToken.value) <= REFRESH_MARGIN_SECONDS) void refresh()
    }
    document.addEventListener('visibilitychange', renewIfDue)
    window.addEventListener('pageshow', renewIfDue)

    // Signing out in one tab signs out the others: they share the cookies that just went.
    channel?.addEventListener('message', (message: MessageEvent) => {
      if (message.data === 'signed-out' && rawToken.value) {
        clearTimeout(timer)
        void wipeOffline().then(() => nuxtApp.runWithContext(() => forget({ callbackUrl: '/login' })))
      }
    })

    /**
     * Ends the session on the server (its refresh-token family is revoked and the cookies
     * cleared) and then here. False when the server could not be reached: the httpOnly
     * cookie would otherwise outlive a sign-out that only looked done.
     */
    async function signOut(): Promise<boolean> {
      try {
        await $fetch('/api/v1/auth/logout', { method: 'POST', headers: webClient })
      }
      catch {
        return false
      }
      clearTimeout(timer)
      await wipeOffline()
      channel?.postMessage('signed-out')
      await nuxtApp.runWithContext(() => forget({ callbackUrl: '/login' }))
      return true
    }

    /** Takes over a session the server has just started (sign-up, invitation, password reset) and opens the app. */
    async function adopt(accessToken: string, to = '/'): Promise<void> {
      rawToken.value = accessToken
      await nuxtApp.runWithContext(() => getSession())
      await nuxtApp.runWithContext(() => navigateTo(to))
    }

    return { provide: { authSession: { refresh, signOut, adopt } } }
  },
})
