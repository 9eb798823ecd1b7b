import { claimOfflineRecords } from '~/composables/useOfflineRecords'

/**
 * The browser side of offline reading. The copies on this device belong to whoever signed
 * in last: a different user (or organization) signing in wipes them before anything of
 * theirs is kept. Without a network, moving to another page of the app opens the offline
 * page instead (its scripts are precached; the page it asked for would need the API).
 */
export default defineNuxtPlugin({
  name: 'pulse:pwa-offline',
  dependsOn: ['pulse:session'],
  setup(nuxtApp) {
    const session = useSession()
    watch(() => session.value && `${session.value.user.id}:${session.value.organization.id}`, (signedIn) => {
      if (signedIn && session.value) claimOfflineRecords(session.value).catch(error => console.warn('offline copies not claimed', error))
    }, { immediate: true })

    nuxtApp.$router.beforeEach((to) => {
      if (!navigator.onLine && to.path !== '/offline') return { path: '/offline', query: { from: to.fullPath } }
    })
  },
})
