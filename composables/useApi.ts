import type { UseFetchOptions } from 'nuxt/app'

/** Envelope of every successful API answer. */
export interface ApiSuccess<T> { success: true, data: T, meta?: { page: number, limit: number, total: number } }
export interface ApiFailure { success: false, error: { code: string, message: string, details?: { path: string, message: string }[] } }

/** Adds the signed-in user's token to each request as it is sent, so a refreshed token is used at once. */
function withAuthorization() {
  const { token } = useAuth()
  return ({ options }: { options: { headers: Headers } }) => {
    if (token.value) options.headers.set('Authorization', token.value)
  }
}

/**
 * The one way pages read the API: `useFetch` (so SSR fetches once and hydrates) with
 * the signed-in user's token. Pages never import server code.
 */
export function useApi<T>(url: string | (() => string), options: UseFetchOptions<ApiSuccess<T>> = {}) {
  return useFetch<ApiSuccess<T>>(url, { ...options, onRequest: withAuthorization() } as UseFetchOptions<ApiSuccess<T>>)
}

/** For writes and other imperative calls from event handlers. */
export function $api<T>(url: string, options: Parameters<typeof $fetch>[1] = {}) {
  return $fetch<ApiSuccess<T>>(url, { ...options, onRequest: withAuthorization() })
}

/** The translation key for an API error code, for toasts and inline messages. */
export function apiErrorKey(error: unknown): string {
  const code = (error as { data?: ApiFailure })?.data?.error?.code
  return code ? `errors.${code}` : 'errors.network'
}
