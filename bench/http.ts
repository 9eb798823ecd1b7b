import type { TestServer } from '../tests/support/server'

/** One JSON call to a benchmark's server; anything but a 2xx ends the run with what came back. */
export async function json(server: TestServer, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
  })
  const parsed = await res.json() as { data: Record<string, unknown> & { id: string } }
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(parsed)}`)
  return parsed.data
}
