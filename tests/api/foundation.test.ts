import { describe, expect, it } from 'vitest'
import { call, DEMO, login } from '../support/http'

describe('health and readiness', () => {
  it('reports the process alive', async () => {
    const res = await call('GET', '/api/health')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ success: true, data: { status: 'ok' } })
  })

  it('reports the database ready', async () => {
    const res = await call('GET', '/api/ready')
    expect(res.status).toBe(200)
    expect(res.body.data.status).toBe('ready')
    expect(['pglite', 'postgres']).toContain(res.body.data.database)
  })
})

describe('HEAD on the API', () => {
  it('answers like GET, with the headers and without a body', async () => {
    const token = await login()
    for (const [path, auth, status] of [['/api/health', undefined, 200], ['/api/v1/contacts?limit=1', token, 200], ['/api/v1/contacts', undefined, 401], ['/api/v1/nope', undefined, 404]] as const) {
      const get = await call('GET', path, { token: auth })
      const head = await call('HEAD', path, { token: auth })
      expect([head.status, get.status], path).toEqual([status, status])
      expect(head.text, path).toBe('')
      expect(head.headers.get('content-type'), path).toBe(get.headers.get('content-type'))
      expect(head.headers.get('x-request-id'), path).toBeTruthy()
    }
  })

  it('changes nothing: a HEAD on a write-only route is an unknown route', async () => {
    const res = await call('HEAD', '/api/v1/auth/logout')
    expect(res.status).toBe(404)
    expect(res.text).toBe('')
  })
})

describe('the error envelope on every /api answer', () => {
  it('answers unknown routes with 404 NOT_FOUND as JSON, not an HTML page', async () => {
    for (const path of ['/api/v1/nope', '/api/unknown/deeper/path', '/api/v1/auth/login/extra']) {
      const res = await call('GET', path)
      expect(res.status, path).toBe(404)
      expect(res.headers.get('content-type')).toContain('application/json')
      expect(res.body).toEqual({ success: false, error: { code: 'NOT_FOUND', message: 'Route not found' } })
    }
  })

  it('answers an unsupported method on a known route with 404', async () => {
    const res = await call('DELETE', '/api/health')
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('NOT_FOUND')
  })

  it('turns invalid input into 400 VALIDATION_ERROR with a path per problem', async () => {
    const res = await call('POST', '/api/v1/auth/login', { body: { email: 'not-an-email', extra: true } })
    expect(res.status).toBe(400)
    expect(res.body.success).toBe(false)
    expect(res.body.error.code).toBe('VALIDATION_ERROR')
    const paths = res.body.error.details.map((d: { path: string }) => d.path)
    expect(paths).toEqual(expect.arrayContaining(['email', 'password']))
  })

  it('turns a malformed JSON body into 400, not 500', async () => {
    const res = await call('POST', '/api/v1/auth/login', { raw: '{"email": ', headers: { 'content-type': 'application/json' } })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('VALIDATION_ERROR')
    expect(res.text).not.toMatch(/at .*\.m?js|stack/i)
  })
})

describe('sign-in and the tenant context', () => {
  it('signs the demo owner in and answers /me with user and organization', async () => {
    const token = await login()
    const me = await call('GET', '/api/v1/auth/me', { token })
    expect(me.status).toBe(200)
    expect(me.body.data.user).toMatchObject({ email: DEMO.email, role: 'owner' })
    expect(me.body.data.user).not.toHaveProperty('passwordHash')
    expect(me.body.data.organization.name).toBeTruthy()
  })

  it('answers a wrong password and an unknown email identically', async () => {
    const wrong = await call('POST', '/api/v1/auth/login', { body: { email: DEMO.email, password: 'wrong-password' } })
    const unknown = await call('POST', '/api/v1/auth/login', { body: { email: 'nobody@pulse.test', password: 'wrong-password' } })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(unknown.body).toEqual(wrong.body)
  })

  it('refuses protected routes without a valid token', async () => {
    for (const token of [undefined, 'garbage', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.']) {
      const res = await call('GET', '/api/v1/dashboard', { token })
      expect(res.status).toBe(401)
      expect(res.body.error.code).toBe('UNAUTHORIZED')
    }
  })

  it('serves the dashboard summary of the signed-in organization', async () => {
    const token = await login()
    const res = await call('GET', '/api/v1/dashboard', { token })
    expect(res.status).toBe(200)
    expect(res.body.data.contacts).toBeGreaterThan(100)
    expect(res.body.data.openDeals.length).toBeGreaterThan(0)
  })
})

describe('server-rendered pages', () => {
  it('renders the sign-in page in German by default and in English on request', async () => {
    const de = await call('GET', '/login', { headers: { 'accept-language': 'de-DE,de;q=0.9' } })
    expect(de.status).toBe(200)
    expect(de.text).toContain('Bei Pulse anmelden')
    expect(de.text).toMatch(/<html[^>]*lang="de/)
    const en = await call('GET', '/login', { headers: { 'accept-language': 'en-GB,en;q=0.9' } })
    expect(en.text).toContain('Sign in to Pulse')
  })

  it('falls back to German for a language Pulse does not speak', async () => {
    const res = await call('GET', '/login', { headers: { 'accept-language': 'ja-JP' } })
    expect(res.text).toContain('Bei Pulse anmelden')
  })

  it('renders the shell with the organization\'s data for a signed-in user', async () => {
    const token = await login()
    const res = await call('GET', '/', { headers: { 'cookie': `pulse.access=${token}`, 'accept-language': 'en' } })
    expect(res.status).toBe(200)
    for (const label of ['Dashboard', 'Contacts', 'Companies', 'Deals', 'Activities', 'Settings']) expect(res.text).toContain(label)
    expect(res.text).toContain('data-testid="dashboard-kpis"')
  })

  it('renders dates in Berlin time when the time-zone cookie names no zone', async () => {
    const token = await login()
    for (const zone of ['Mars/Olympus_Mons', '', '%00']) {
      const res = await call('GET', '/activities', { headers: { 'cookie': `pulse.access=${token}; pulse_tz=${zone}`, 'accept-language': 'en' } })
      expect(res.status, zone).toBe(200)
      expect(res.text, zone).toContain('data-testid="activity-toggle"')
    }
  })
})

describe('the built assets', () => {
  it('are sent brotli- or gzip-compressed as the client accepts, and whole otherwise', async () => {
    const page = await call('GET', '/login')
    const script = page.text.match(/\/_nuxt\/[\w.-]+\.js/)?.[0]
    expect(script).toBeTruthy()
    const plain = await call('GET', script!, { headers: { 'accept-encoding': 'identity' } })
    expect(plain.status).toBe(200)
    expect(plain.headers.get('content-encoding')).toBeNull()
    for (const [accepted, sent] of [['br', 'br'], ['gzip', 'gzip'], ['gzip, deflate, br', 'br']] as const) {
      const res = await call('GET', script!, { headers: { 'accept-encoding': accepted } })
      expect([res.status, res.headers.get('content-encoding')], accepted).toEqual([200, sent])
      expect(res.headers.get('vary')?.toLowerCase(), accepted).toContain('accept-encoding')
      // fetch decodes the body: the same script arrives either way.
      expect(res.text, accepted).toBe(plain.text)
    }
  })
})
