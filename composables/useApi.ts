import type { UseFetchOptions } from 'nuxt/app'
import { WEB_CLIENT, WEB_CLIENT_HEADER } from '~~/shared/session'

/** Envelope of every successful API answer. */
export interface ApiSuccess<T> { success: true, data: T, meta?: { page: number, limit: number, total: number } }
export interface ApiFailure { success: false, error: { code: string, message: string, details?: { path: string, message: string }[] } }

type FetchOptions = NonNullable<Parameters<typeof $fetch>[1]>

/**
 * `$fetch` for the API as the signed-in user: the token is read as each request is sent
 * (so a refreshed one is used at once), and the call says it comes from the web app.
 * A 401 in the browser renews the access token once (plugins/session.client.ts) and
 * repeats the request with the new one; a 401 after that stands.
 */
function authorizedFetch() {
  const { token } = useSharedAuth()
  const nuxtApp = useNuxtApp()
  // On the server, like useFetch's default: the page request's headers go along.
  const base = import.meta.server ? useRequestFetch() : $fetch
  const send = <R>(request: string, options: FetchOptions) => {
    // A plain object: the server-side fetch spreads it over the page request's headers.
    const headers = Object.fromEntries(new Headers(options.headers as HeadersInit | undefined))
    headers[WEB_CLIENT_HEADER] = WEB_CLIENT
    if (token.value) headers.authorization = token.value
    return base(request, { ...options, headers }) as Promise<R>
  }
  return async <R>(request: string, options: FetchOptions = {}): Promise<R> => {
    try {
      return await send<R>(request, options)
    }
    catch (error) {
      const unauthorized = (error as { statusCode?: number }).statusCode === 401
      if (import.meta.server || !unauthorized || !token.value || !await nuxtApp.$authSession.refresh()) throw error
      return send<R>(request, options)
    }
  }
}

/**
 * The one way pages read the API: `useFetch` (so SSR fetches once and hydrates) with
 * the signed-in user's token. Pages never import server code.
 */
export function useApi<T>(url: string | (() => string), options: UseFetchOptions<ApiSuccess<T>> = {}) {
  return useFetch<ApiSuccess<T>>(url, { ...options, $fetch: authorizedFetch() as typeof $fetch } as UseFetchOptions<ApiSuccess<T>>)
}

/** For writes and other imperative calls from event handlers. */
export function $api<T>(url: string, options: FetchOptions = {}) {
  return authorizedFetch()<ApiSuccess<T>>(url, options)
}

/** The translation key for an API error code, for toasts and inline messages. */
export function apiErrorKey(error: unknown): string {
  const code = (error as { data?: ApiFailure })?.data?.error?.code
  return code ? `errors.${code}` : 'errors.network'
}
