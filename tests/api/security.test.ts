import { Agent, request } from 'node:http'
import { describe, expect, inject, it } from 'vitest'
import { call, DEMO } from '../support/http'
import { CORS_ORIGIN } from '../support/server-setup'

const MAX_BODY_BYTES = 1_048_576

interface RawAnswer { status: number, headers: Record<string, string | string[] | undefined>, text: string }

/**
 * A request through node:http, so a test controls the framing: a declared Content-Length
 * with no body behind it, or a chunked body written piece by piece until the server answers.
 * Like a browser it keeps the connection alive, but on an agent of its own: a connection
 * whose announced body never came cannot carry another request.
 */
function rawRequest(path: string, options: { headers: Record<string, string>, chunk?: Buffer, chunks?: number }): Promise<RawAnswer> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  return new Promise<RawAnswer>((resolve, reject) => {
    let answered = false
    const req = request(new URL(path, inject('baseUrl')), { method: 'POST', headers: options.headers, agent }, (res) => {
      answered = true
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (text += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }))
    })
    // The server may close while a refused body is still being written; the answer is what counts.
    req.on('error', error => answered || reject(error))
    const write = async () => {
      for (let i = 0; i < (options.chunks ?? 0) && !answered && !req.destroyed; i++) {
        if (!req.write(options.chunk)) await new Promise(r => req.once('drain', r))
      }
      if (!req.destroyed) req.end()
    }
    write().catch(reject)
  }).finally(() => agent.destroy())
}

describe('security headers', () => {
  it('sends a CSP with a fresh nonce on every page that all inline and module scripts carry', async () => {
    const nonces = new Set<string>()
    for (let i = 0; i < 2; i++) {
      const page = await call('GET', '/login', { headers: { 'accept-language': 'en' } })
      expect(page.status).toBe(200)
      const csp = page.headers.get('content-security-policy') ?? ''
      const nonce = /'nonce-([\w+/=-]+)'/.exec(csp)?.[1]
      expect(nonce, csp).toBeTruthy()
      nonces.add(nonce!)
      expect(csp).toMatch(/script-src [^;]*'strict-dynamic'/)
      for (const directive of ['object-src \'none\'', 'base-uri \'none\'', 'frame-ancestors \'none\'', 'form-action \'self\'', 'script-src-attr \'none\'']) {
        expect(csp).toContain(directive)
      }
      expect(csp).not.toMatch(/script-src [^;]*'unsafe-(inline|eval)'/)
      const scripts = page.text.match(/<script\b[^>]*>/g) ?? []
      expect(scripts.length).toBeGreaterThan(0)
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)
    }
    expect(nonces.size).toBe(2)
  })

  it('sends HSTS, nosniff, a referrer policy and no framing on pages', async () => {
    const page = await call('GET', '/login')
    expect(page.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains')
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    expect(page.headers.get('x-frame-options')).toBe('DENY')
    expect(page.headers.get('x-powered-by')).toBeNull()
  })

  it('sends the transport headers on API answers, errors included', async () => {
    for (const path of ['/api/health', '/api/v1/nope']) {
      const res = await call('GET', path)
      expect(res.headers.get('strict-transport-security'), path).toBe('max-age=31536000; includeSubDomains')
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(res.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin')
      expect(res.headers.get('x-powered-by'), path).toBeNull()
    }
  })

  it('reports the rate-limit budget on API answers but never throttles the probes', async () => {
    for (const [method, path] of [['GET', '/api/v1/nope'], ['GET', '/api/v1/dashboard'], ['POST', '/api/v1/auth/login']] as const) {
      const res = await call(method, path, method === 'POST' ? { body: {} } : {})
      const [limit, remaining, reset] = ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'].map(name => res.headers.get(name) ?? '')
      expect([limit, remaining, reset], path).toEqual([expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+$/)])
      expect(Number(limit), path).toBeGreaterThan(0)
      // This request counted: fewer than the whole budget is left.
      expect(Number(remaining), path).toBeLessThan(Number(limit))
      expect(Number(reset), path).toBeGreaterThan(0)
    }
    const probe = await call('GET', '/api/ready')
    expect(probe.status).toBe(200)
    expect(probe.headers.get('ratelimit-limit')).toBeNull()
  })
})

describe('CORS for the API', () => {
  it('lets a configured origin read answers and the rate-limit headers', async () => {
    const res = await call('GET', '/api/health', { headers: { origin: CORS_ORIGIN } })
    expect(res.headers.get('access-control-allow-origin')).toBe(CORS_ORIGIN)
    const exposed = res.headers.get('access-control-expose-headers')?.toLowerCase() ?? ''
    for (const header of ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after']) expect(exposed).toContain(header)
    expect(res.headers.get('access-control-allow-credentials')).toBeNull()
    expect(res.headers.get('vary')).toMatch(/origin/i)
  })

  it('gives any other origin no CORS headers, but still answers same-origin style', async () => {
    const res = await call('GET', '/api/health', { headers: { origin: 'https://evil.example' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    expect(res.headers.get('access-control-expose-headers')).toBeNull()
    expect(res.headers.get('vary')).toMatch(/origin/i)
  })

  it('answers a preflight from a configured origin with 204 and the allowed methods and headers', async () => {
    const res = await call('OPTIONS', '/api/v1/contacts', {
      headers: { 'origin': CORS_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(CORS_ORIGIN)
    expect(res.headers.get('access-control-allow-methods')).toContain('POST')
    const allowed = res.headers.get('access-control-allow-headers')?.toLowerCase() ?? ''
    expect(allowed).toContain('authorization')
    expect(allowed).toContain('content-type')
  })

  it('refuses a preflight from any other origin without CORS headers', async () => {
    const res = await call('OPTIONS', '/api/v1/contacts', {
      headers: { 'origin': 'https://evil.example', 'access-control-request-method': 'DELETE' },
    })
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('FORBIDDEN')
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    expect(res.headers.get('access-control-allow-methods')).toBeNull()
  })
})

describe('request body limit', () => {
  const envelope = { success: false, error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) } }

  it('refuses a body over the limit with 413 in the envelope', async () => {
    const res = await call('POST', '/api/v1/auth/login', {
      raw: JSON.stringify({ email: DEMO.email, password: 'x'.repeat(MAX_BODY_BYTES) }),
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(413)
    expect(res.body).toEqual(envelope)
  })

  it('refuses on the declared length alone, before any body arrives', async () => {
    const res = await rawRequest('/api/v1/auth/login', { headers: { 'content-type': 'application/json', 'content-length': String(50 * MAX_BODY_BYTES) } })
    expect(res.status).toBe(413)
    expect(JSON.parse(res.text)).toEqual(envelope)
  })

  it('refuses a chunked body once it grows over the limit', async () => {
    const res = await rawRequest('/api/v1/auth/login', {
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      chunk: Buffer.alloc(64 * 1024, 0x20),
      chunks: 64, // 4 MiB at most; the server answers after the first MiB
    })
    expect(res.status).toBe(413)
    expect(JSON.parse(res.text)).toEqual(envelope)
  })

  it('still accepts a chunked body under the limit', async () => {
    const res = await rawRequest('/api/v1/auth/login', {
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      chunk: Buffer.from(JSON.stringify(DEMO)),
      chunks: 1,
    })
    expect(res.status).toBe(200)
    expect(JSON.parse(res.text).data.accessToken).toBeTruthy()
  })
})
