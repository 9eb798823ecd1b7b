import type { MfaPolicy } from '~~/shared/domain'

/** The signed-in user and organization as `/api/v1/auth/me` answers them. */
export interface SessionData {
  user: { id: string, email: string, name: string, role: 'owner' | 'admin' | 'member' | 'viewer', locale: 'de' | 'en', timeZone: string | null, mfaEnrolmentRequired: boolean }
  organization: { id: string, name: string, settings: { defaultCurrency: string, defaultLocale: 'de' | 'en', mfaPolicy?: MfaPolicy }, timeZone: string }
}

type Auth = ReturnType<typeof useAuth>

/**
 * @sidebase/nuxt-auth's `useAuth()`, once per app (on the server: per request). Each call of
 * the module's own builds a cookie reader, watchers and computed values anew, and a page
 * asks for the session and the token in a dozen places. Made in the app's scope, so its
 * watchers outlive the component that asked first.
 */
export function useSharedAuth(): Auth {
  const nuxtApp = useNuxtApp() as ReturnType<typeof useNuxtApp> & { _pulseAuth?: Auth }
  nuxtApp._pulseAuth ??= nuxtApp._scope.run(() => useAuth())!
  return nuxtApp._pulseAuth
}

export function useSession() {
  const { data } = useSharedAuth()
  return computed(() => (data.value as { data?: SessionData } | null)?.data ?? null)
}
