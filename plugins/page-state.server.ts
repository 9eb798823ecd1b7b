import { PAGE_STATE_URLS, type PageState } from '~~/shared/page-state'

/**
 * Puts what the page request already read (server/middleware/06.page-state.ts) where the
 * app would otherwise fetch it in-process: the session where @sidebase/nuxt-auth keeps it
 * (its plugin, running after this one, then skips its own request) and the unread count
 * and deletion status under the keys `useApi` reads them by. Without a state (no cookie,
 * or the read failed), everything is asked for as before.
 */
export default defineNuxtPlugin({
  name: 'pulse:page-state',
  enforce: 'pre',
  setup(nuxtApp) {
    const state = (useRequestEvent()?.context as { pageState?: PageState | null } | undefined)?.pageState
    if (state === undefined) return
    const { data, lastRefreshedAt, clearToken } = useAuthState()
    lastRefreshedAt.value = new Date()
    // The cookie signs no one in (revoked, or the person is gone): as the module itself does then.
    if (state === null) {
      data.value = null
      clearToken()
      return
    }
    // The module keeps the whole answer (`dataResponsePointer` '/'), envelope included; its type does not say so.
    data.value = { success: true, data: state.session } as unknown as typeof data.value
    if (state.unread) nuxtApp.static.data[apiKey(PAGE_STATE_URLS.unread)] = { success: true, data: state.unread }
    if (state.deletion) nuxtApp.static.data[apiKey(PAGE_STATE_URLS.deletion)] = { success: true, data: state.deletion }
  },
})
