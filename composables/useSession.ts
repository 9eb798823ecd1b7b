import type { MfaPolicy } from '~~/shared/domain'
import type { ProfileUpdate } from '~~/shared/schemas'

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

/**
 * Puts what a write answered into the session state, instead of fetching the session again:
 * a refetch re-rendered the shell under the person's clicks, and a failed one signed them
 * out. `change` gets the current session and answers the new one, or nothing to keep it
 * (e.g. when someone else is signed in by now).
 */
export function useSessionPatch() {
  const state = useSharedAuth().data as Ref<{ data?: SessionData } | null>
  return (change: (session: SessionData) => SessionData | undefined) => {
    const current = state.value
    const next = current?.data && change(current.data)
    if (next) state.value = { ...current, data: next }
  }
}

/** Changes the signed-in person's own profile (`PUT /api/v1/auth/me`, which answers the whole session) and takes its answer. */
export function useProfileUpdate() {
  const nuxtApp = useNuxtApp()
  const patch = useSessionPatch()
  return async (input: ProfileUpdate): Promise<SessionData> => {
    const { data } = await nuxtApp.runWithContext(() => $api<SessionData>('/api/v1/auth/me', { method: 'PUT', body: input }))
    patch(session => (session.user.id === data.user.id ? data : undefined))
    return data
  }
}
