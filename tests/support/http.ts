import { inject } from 'vitest'

export const DEMO = { email: 'demo@pulse.test', password: 'pulse-demo-2026' }

export interface Answer<T = unknown> { status: number, headers: Headers, body: T, text: string }

/** One HTTP call to the test server; never throws on status, so tests can assert every answer. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever JSON came back
export async function call<T = any>(method: string, path: string, options: { token?: string, body?: unknown, raw?: string, headers?: Record<string, string> } = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token) headers.authorization = `Bearer ${options.token}`
  let body: string | undefined = options.raw
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  const res = await fetch(`${inject('baseUrl')}${path}`, { method, headers, body, redirect: 'manual' })
  const text = await res.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  }
  catch { /* not JSON: tests look at text */ }
  return { status: res.status, headers: res.headers, body: parsed as T, text }
}

export async function login(email = DEMO.email, password = DEMO.password): Promise<string> {
  const res = await call('POST', '/api/v1/auth/login', { body: { email, password } })
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`)
  return res.body.data.accessToken as string
}
