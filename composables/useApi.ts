import type { UseFetchOptions } from 'nuxt/app'
import { WEB_CLIENT, WEB_CLIENT_HEADER } from '~~/shared/session'

/** Envelope of every successful API answer. */
export interface ApiSuccess<T> { success: true, data: T, meta?: { page: number, limit: number, total: number } }
export interface ApiFailure { success: false, error: { code: string, message: string, details?: { path: string, message: string }[] } }

type FetchOptions = NonNullable<Parameters<typeof $fetch>[1]>
/** `anonymous`: the call goes without the signed-in user's token (sign-in, registration, invitations, password reset). */
export type ApiRequestOptions = FetchOptions & { anonymous?: boolean }

/**
 * `$fetch` for the API as the signed-in user: the token is read as each request is sent
 * (so a refreshed one is used at once), and the call says it comes from the web app.
 * A 401 in the browser renews the access token once (plugins/session.client.ts) and
 * repeats the request with the new one; a 401 after that stands.
 */
function authorizedFetch(anonymous = false) {
  const { token } = useSharedAuth()
  const nuxtApp = useNuxtApp()
  // On the server, like useFetch's default: the page request's headers go along.
  const base = import.meta.server ? useRequestFetch() : $fetch
  const send = <R>(request: string, options: FetchOptions) => {
    // A plain object: the server-side fetch spreads it over the page request's headers.
    const headers = Object.fromEntries(new Headers(options.headers as HeadersInit | undefined))
    headers[WEB_CLIENT_HEADER] = WEB_CLIENT
    if (token.value && !anonymous) headers.authorization = token.value
    return base(request, { ...options, headers }) as Promise<R>
  }
  return async <R>(request: string, options: FetchOptions = {}): Promise<R> => {
    try {
      return await send<R>(request, options)
    }
    catch (error) {
      const unauthorized = (error as { statusCode?: number }).statusCode === 401
      if (import.meta.server || anonymous || !unauthorized || !token.value || !await nuxtApp.$authSession.refresh()) throw error
      return send<R>(request, options)
    }
  }
}

/**
 * The cache key of an API read, derived from its URL and query (keys sorted, unset values
 * left out), so two places that read the same thing share one entry and nobody types a key.
 */
export function apiKey(url: string, query?: Record<string, unknown>): string {
  const entries = Object.entries(query ?? {})
    .map(([name, value]) => [name, toValue(value)] as const)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b))
  return entries.length ? `api:${url}?${JSON.stringify(entries)}` : `api:${url}`
}

type ApiReadOptions<T> = Omit<UseFetchOptions<ApiSuccess<T>>, 'key' | '$fetch'> & { anonymous?: boolean }

/**
 * The one way pages read the API: `useFetch` (so SSR fetches once and hydrates) with
 * the signed-in user's token, keyed by `apiKey(url, query)`; `status`, `error` and
 * `refresh` come with it. Pages never import server code.
 */
export function useApi<T>(url: MaybeRefOrGetter<string>, options: ApiReadOptions<T> = {}) {
  const { anonymous, ...fetchOptions } = options
  const key = computed(() => apiKey(toValue(url), toValue(fetchOptions.query as MaybeRefOrGetter<Record<string, unknown> | undefined>)))
  return useFetch<ApiSuccess<T>>(url, { ...fetchOptions, key, $fetch: authorizedFetch(anonymous) as typeof $fetch } as UseFetchOptions<ApiSuccess<T>>)
}

/** For writes and other imperative calls from event handlers. */
export function $api<T>(url: string, options: ApiRequestOptions = {}) {
  const { anonymous, ...fetchOptions } = options
  return authorizedFetch(anonymous)<ApiSuccess<T>>(url, fetchOptions)
}

/** What a failed call tells the UI: HTTP status, the envelope's error code and its field details. */
export interface ApiRefusal { status?: number, code?: string, details: { path: string, message: string }[] }

/** Reads the error envelope from anything a failed `$api`/`useApi`/`fetch` call threw. */
export function apiError(error: unknown): ApiRefusal {
  const thrown = error as { statusCode?: number, data?: Partial<ApiFailure> } | null | undefined
  const envelope = thrown?.data?.error
  return { status: thrown?.statusCode, code: envelope?.code, details: Array.isArray(envelope?.details) ? envelope.details : [] }
}

/** The translation key for an API error code, for toasts and inline messages. */
export function apiErrorKey(error: unknown): string {
  const { code } = apiError(error)
  return code ? `errors.${code}` : 'errors.network'
}
