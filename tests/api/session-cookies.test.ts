import { randomBytes } from 'node:crypto'
import { request } from 'node:http'
import { describe, expect, inject, it } from 'vitest'
import { call, DEMO, type Answer } from '../support/http'
import { waitForMails } from '../support/mail-server'
import { CORS_ORIGIN } from '../support/server-setup'

// The web app's session (README, "Security"): with `X-Pulse-Client: web` the refresh
// token travels only in an httpOnly cookie scoped to /api/v1/auth, which refresh,
// sign-out and the page-load resume use, guarded against other origins. Without the
// header, API clients see exactly what they always did.

const WEB = { 'x-pulse-client': 'web' }
const PASSWORD = 'correct horse battery staple'
const baseUrl = () => inject('baseUrl')
const unique = () => randomBytes(4).toString('hex')

interface Cookie { name: string, value: string, attributes: Record<string, string | true> }

/** The Set-Cookie headers of an answer, parsed. */
function cookiesOf(res: Answer): Record<string, Cookie> {
  const cookies: Record<string, Cookie> = {}
  for (const header of res.headers.getSetCookie()) {
    const [pair = '', ...rest] = header.split(/;\s*/)
    const eq = pair.indexOf('=')
    const attributes: Record<string, string | true> = {}
    for (const attribute of rest) {
      const [key = '', value] = attribute.split('=')
      attributes[key.toLowerCase()] = value ?? true
    }
    cookies[pair.slice(0, eq)] = { name: pair.slice(0, eq), value: decodeURIComponent(pair.slice(eq + 1)), attributes }
  }
  return cookies
}

/** Signs in as the web app and answers the cookies it got, plus the answer. */
async function webSignIn(email = DEMO.email, password = DEMO.password) {
  const res = await call('POST', '/api/v1/auth/login', { body: { email, password }, headers: { ...WEB, origin: baseUrl() } })
  expect(res.status, res.text).toBe(200)
  const cookies = cookiesOf(res)
  return { res, cookies, refresh: cookies['pulse.refresh']!.value, access: res.body.data.accessToken as string }
}

const cookieRefresh = (refresh: string, headers: Record<string, string> = { ...WEB, origin: baseUrl() }) =>
  call('POST', '/api/v1/auth/refresh', { headers: { ...headers, cookie: `pulse.refresh=${refresh}` } })

async function newAccount() {
  const email = `cookie-${unique()}@example.test`
  const res = await call('POST', '/api/v1/auth/register', { body: { organizationName: `Cookie ${unique()} GmbH`, name: 'Clara Cookie', email, password: PASSWORD } })
  expect(res.status).toBe(201)
  return { email, ...res.body.data as { accessToken: string, refreshToken: string } }
}

describe('signing in as the web app', () => {
  it('puts the refresh token into an httpOnly, Secure, Lax cookie for /api/v1/auth only, and not into the answer', async () => {
    const { res, cookies, refresh } = await webSignIn()
    expect(Object.keys(res.body.data).sort()).toEqual(['accessToken', 'expiresIn', 'organization', 'user'])
    expect(res.text).not.toContain(refresh)
    expect(refresh).toMatch(/^rtb_[\w-]{43}$/)
    expect(cookies['pulse.refresh']!.attributes).toEqual({ 'max-age': '604800', 'path': '/api/v1/auth', 'httponly': true, 'secure': true, 'samesite': 'Lax' })
    // The hint for page loads holds no secret; the access token stays readable for the app.
    expect(cookies['pulse.session']).toMatchObject({ value: '1', attributes: { 'max-age': '604800', 'path': '/', 'httponly': true, 'secure': true, 'samesite': 'Lax' } })
    expect(cookies['pulse.access']).toMatchObject({ value: res.body.data.accessToken, attributes: { 'max-age': '900', 'path': '/', 'secure': true, 'samesite': 'Lax' } })
    expect(cookies['pulse.access']!.attributes.httponly).toBeUndefined()
    expect(res.headers.get('cache-control')).toBe('no-store')
  })

  it('changes nothing for API clients: no cookies, the refresh token in the answer', async () => {
    const res = await call('POST', '/api/v1/auth/login', { body: DEMO })
    expect(res.status).toBe(200)
    expect(res.headers.getSetCookie().filter(c => c.startsWith('pulse.'))).toEqual([])
    expect(res.body.data.refreshToken).toMatch(/^rt_[\w-]{43}$/)
  })

  it('signs a new organization\'s owner and an invited member in the same way', async () => {
    const email = `cookie-${unique()}@example.test`
    const registered = await call('POST', '/api/v1/auth/register', {
      body: { organizationName: `Cookie ${unique()} GmbH`, name: 'Clara Cookie', email, password: PASSWORD },
      headers: WEB,
    })
    expect(registered.status).toBe(201)
    expect(registered.body.data.refreshToken).toBeUndefined()
    expect(cookiesOf(registered)['pulse.refresh']!.value).toMatch(/^rtb_/)

    const admin = (await call('POST', '/api/v1/auth/login', { body: { email: 'stefan.koehler@pulse.test', password: DEMO.password } })).body.data.accessToken as string
    const invitee = `invitee-${unique()}@example.test`
    expect((await call('POST', '/api/v1/invitations', { token: admin, body: { email: invitee, role: 'viewer' } })).status).toBe(201)
    const [mail] = await waitForMails(inject('mailServerUrl'), invitee)
    const token = mail?.text?.match(/accept-invite\?token=(inv_[\w-]+)/)?.[1]
    const accepted = await call('POST', '/api/v1/auth/accept-invite', { body: { token, name: 'Ina Invited', password: PASSWORD }, headers: WEB })
    expect(accepted.status, accepted.text).toBe(201)
    expect(accepted.body.data.refreshToken).toBeUndefined()
    const cookie = cookiesOf(accepted)['pulse.refresh']!
    expect(cookie.attributes).toMatchObject({ httponly: true, path: '/api/v1/auth' })
    expect((await cookieRefresh(cookie.value)).status).toBe(200)
  })

  it('hands this device a new cookie when the password changes, and ends the others', async () => {
    const account = await newAccount()
    const laptop = await webSignIn(account.email, PASSWORD)
    const res = await call('POST', '/api/v1/auth/change-password', {
      token: laptop.access, headers: { ...WEB, origin: baseUrl() }, body: { currentPassword: PASSWORD, newPassword: 'an even sturdier passphrase 7' },
    })
    expect(res.status, res.text).toBe(200)
    expect(Object.keys(res.body.data).sort()).toEqual(['accessToken', 'expiresIn'])
    const renewed = cookiesOf(res)['pulse.refresh']!.value
    expect(renewed).toMatch(/^rtb_/)
    expect((await cookieRefresh(laptop.refresh)).status).toBe(401)
    expect((await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: account.refreshToken } })).status).toBe(401)
    expect((await cookieRefresh(renewed)).status).toBe(200)
  })
})

describe('refreshing with the cookie', () => {
  it('rotates the cookie and answers only the new access token, which works', async () => {
    const { refresh } = await webSignIn()
    const res = await cookieRefresh(refresh)
    expect(res.status, res.text).toBe(200)
    expect(Object.keys(res.body.data).sort()).toEqual(['accessToken', 'expiresIn'])
    const cookies = cookiesOf(res)
    expect(cookies['pulse.refresh']!.value).toMatch(/^rtb_/)
    expect(cookies['pulse.refresh']!.value).not.toBe(refresh)
    expect(cookies['pulse.refresh']!.attributes).toMatchObject({ httponly: true, path: '/api/v1/auth', samesite: 'Lax' })
    expect(cookies['pulse.access']!.value).toBe(res.body.data.accessToken)
    expect((await call('GET', '/api/v1/auth/me', { token: res.body.data.accessToken })).status).toBe(200)
    expect((await cookieRefresh(cookies['pulse.refresh']!.value)).status).toBe(200)
  })

  it('accepts the app\'s configured origin (APP_URL) as well as the host the request went to', async () => {
    const { refresh } = await webSignIn()
    const res = await cookieRefresh(refresh, { ...WEB, 'origin': 'http://localhost:3000', 'sec-fetch-site': 'same-origin' })
    expect(res.status, res.text).toBe(200)
  })

  it('refuses the cookie without the web-client header, from another origin, or cross-site, and leaves it usable', async () => {
    const { refresh } = await webSignIn()
    const attempts: Record<string, string>[] = [
      {}, // what a cross-site form or a plain navigation could send
      { origin: baseUrl() },
      { ...WEB, origin: 'https://evil.example' },
      { ...WEB, origin: CORS_ORIGIN }, // even an origin allowed to call the API with Bearer tokens
      { ...WEB, origin: 'null' },
      { ...WEB, 'sec-fetch-site': 'cross-site' },
      { ...WEB, 'sec-fetch-site': 'same-site' },
    ]
    for (const headers of attempts) {
      const res = await cookieRefresh(refresh, headers)
      expect(res.status, JSON.stringify(headers)).toBe(403)
      expect(res.body.error.code).toBe('FORBIDDEN')
      expect(res.headers.getSetCookie(), JSON.stringify(headers)).toEqual([])
    }
    // Refused before it was used: not rotated, so not reuse either.
    expect((await cookieRefresh(refresh)).status).toBe(200)
  })

  it('does not let other origins send the web-client header at all (CORS preflight)', async () => {
    const preflight = await call('OPTIONS', '/api/v1/auth/refresh', {
      headers: { 'origin': CORS_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-pulse-client' },
    })
    expect(preflight.headers.get('access-control-allow-headers') ?? '').not.toMatch(/x-pulse-client/i)
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull()
  })

  it('answers 401 and clears the cookies when the cookie is missing or no longer valid', async () => {
    for (const cookie of [undefined, `rtb_${randomBytes(32).toString('base64url')}`]) {
      const res = await call('POST', '/api/v1/auth/refresh', { headers: { ...WEB, origin: baseUrl(), ...(cookie ? { cookie: `pulse.refresh=${cookie}` } : {}) } })
      expect(res.status).toBe(401)
      const cookies = cookiesOf(res)
      for (const name of ['pulse.refresh', 'pulse.session', 'pulse.access']) expect(cookies[name]?.attributes['max-age'], name).toBe('0')
      expect(cookies['pulse.refresh']!.attributes.path).toBe('/api/v1/auth')
    }
  })

  it('gives two simultaneous refreshes of one browser cookie the same successor instead of ending the session', async () => {
    const { refresh } = await webSignIn()
    const answers = await Promise.all([cookieRefresh(refresh), cookieRefresh(refresh), cookieRefresh(refresh)])
    expect(answers.map(a => a.status)).toEqual([200, 200, 200])
    const successors = new Set(answers.map(a => cookiesOf(a)['pulse.refresh']!.value))
    expect(successors.size).toBe(1)
    const [successor] = successors
    expect(successor).not.toBe(refresh)
    // The family lives on: the successor rotates as usual.
    expect((await cookieRefresh(successor!)).status).toBe(200)
  })

  it('keeps the strict rule for API clients\' tokens, also when sent as a cookie', async () => {
    const login = await call('POST', '/api/v1/auth/login', { body: DEMO })
    const token = login.body.data.refreshToken as string
    expect((await cookieRefresh(token)).status).toBe(200)
    // The same token again: reuse, the family is revoked, no grace for rt_ tokens.
    expect((await cookieRefresh(token)).status).toBe(401)
  })
})

describe('signing out with the cookie', () => {
  it('revokes the family and clears every session cookie', async () => {
    const { refresh } = await webSignIn()
    const rotated = cookiesOf(await cookieRefresh(refresh))['pulse.refresh']!.value
    const res = await call('POST', '/api/v1/auth/logout', { headers: { ...WEB, origin: baseUrl(), cookie: `pulse.refresh=${rotated}` } })
    expect(res.status).toBe(200)
    expect(res.body.data).toEqual({ loggedOut: true })
    const cookies = cookiesOf(res)
    expect(cookies['pulse.refresh']).toMatchObject({ value: '', attributes: { 'max-age': '0', 'path': '/api/v1/auth', 'httponly': true } })
    expect(cookies['pulse.session']).toMatchObject({ value: '', attributes: { 'max-age': '0', 'path': '/' } })
    expect(cookies['pulse.access']).toMatchObject({ value: '', attributes: { 'max-age': '0', 'path': '/' } })
    expect((await cookieRefresh(rotated)).status).toBe(401)
    // Even the token just rotated away is no way back within the grace time: the family is gone.
    expect((await cookieRefresh(refresh)).status).toBe(401)
  })

  it('refuses a cookie sign-out from another origin or without the header, and keeps the session', async () => {
    const { refresh } = await webSignIn()
    for (const headers of [{}, { ...WEB, origin: 'https://evil.example' }]) {
      const res = await call('POST', '/api/v1/auth/logout', { headers: { ...headers, cookie: `pulse.refresh=${refresh}` } })
      expect(res.status).toBe(403)
      expect(res.headers.getSetCookie()).toEqual([])
    }
    expect((await cookieRefresh(refresh)).status).toBe(200)
  })

  it('still signs API clients out by the token in the body, and asks for it when there is no cookie', async () => {
    const login = await call('POST', '/api/v1/auth/login', { body: DEMO })
    const res = await call('POST', '/api/v1/auth/logout', { body: { refreshToken: login.body.data.refreshToken } })
    expect(res.status).toBe(200)
    expect(res.headers.getSetCookie()).toEqual([])
    const missing = await call('POST', '/api/v1/auth/logout', { body: {} })
    expect(missing.status).toBe(400)
    expect(missing.body.error.details).toEqual([{ path: 'refreshToken', message: expect.any(String) }])
  })
})

/**
 * A page load as a browser sends it. Through node:http, since fetch always says
 * `Sec-Fetch-Mode: cors`, which is what a script's request looks like.
 */
function page(path: string, cookie: string, headers: Record<string, string> = {}): Promise<Answer> {
  const all = { 'accept': 'text/html', 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate', ...(cookie ? { cookie } : {}), ...headers }
  return new Promise((resolve, reject) => {
    request(new URL(path, baseUrl()), { method: 'GET', headers: all }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => {
        const answer = new Headers()
        for (const [name, value] of Object.entries(res.headers)) {
          for (const one of [value ?? []].flat()) answer.append(name, one)
        }
        let body: unknown = text
        try {
          body = JSON.parse(text)
        }
        catch { /* a page */ }
        resolve({ status: res.statusCode ?? 0, headers: answer, body, text })
      })
    }).on('error', reject).end()
  })
}

describe('page loads with an expired access token', () => {
  it('go through the resume endpoint, which renews the cookies and returns to the page', async () => {
    const { refresh } = await webSignIn()
    const first = await page('/contacts?page=2', 'pulse.session=1')
    expect(first.status).toBe(303)
    expect(first.headers.get('location')).toBe('/api/v1/auth/resume?redirect=%2Fcontacts%3Fpage%3D2')

    const resumed = await page(first.headers.get('location')!, `pulse.session=1; pulse.refresh=${refresh}`)
    expect(resumed.status).toBe(303)
    expect(resumed.headers.get('location')).toBe('/contacts?page=2')
    const cookies = cookiesOf(resumed)
    expect(cookies['pulse.refresh']!.value).toMatch(/^rtb_/)
    expect(cookies['pulse.refresh']!.value).not.toBe(refresh)
    expect(cookies['pulse.refresh']!.attributes).toMatchObject({ httponly: true, path: '/api/v1/auth' })

    // Back on a page with the new access token, it renders signed in, with its data.
    const rendered = await page('/', `pulse.session=1; pulse.access=${cookies['pulse.access']!.value}`)
    expect(rendered.status).toBe(200)
    expect(rendered.text).toContain('Katharina Brandt')
    expect(rendered.text).toContain('data-testid="dashboard-kpis"')
  })

  it('are left alone with a valid access token or without a session cookie', async () => {
    const { access } = await webSignIn()
    expect((await page('/contacts', `pulse.session=1; pulse.access=${access}`)).status).toBe(200)
    const anonymous = await page('/contacts', '')
    expect(anonymous.status).toBe(302) // the sign-in page, as always
    expect(anonymous.headers.get('location')).toMatch(/^\/login/)
    // API calls are never redirected.
    expect((await page('/api/v1/auth/me', 'pulse.session=1')).status).toBe(401)
  })

  it('clear a session cookie that no longer works and return to the page, which then asks to sign in', async () => {
    const resumed = await page('/api/v1/auth/resume?redirect=/deals', `pulse.session=1; pulse.refresh=rtb_${randomBytes(32).toString('base64url')}`)
    expect(resumed.status).toBe(303)
    expect(resumed.headers.get('location')).toBe('/deals')
    const cookies = cookiesOf(resumed)
    for (const name of ['pulse.refresh', 'pulse.session', 'pulse.access']) expect(cookies[name]?.attributes['max-age'], name).toBe('0')
  })

  it('never resume from a subresource or a script, and never leave the site', async () => {
    const { refresh } = await webSignIn()
    for (const mode of ['no-cors', 'cors', 'same-origin']) {
      const res = await page('/api/v1/auth/resume', `pulse.refresh=${refresh}`, { 'sec-fetch-mode': mode, 'sec-fetch-dest': 'image' })
      expect(res.status, mode).toBe(403)
      expect(res.headers.getSetCookie()).toEqual([])
    }
    const leaving = ['//evil.example/x', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '/\t/evil.example', '\n//evil.example', '\u0001//evil.example', '/\r\n\\evil.example']
    for (const target of leaving) {
      const res = await page(`/api/v1/auth/resume?redirect=${encodeURIComponent(target)}`, '')
      expect(res.status, JSON.stringify(target)).toBe(303)
      expect(res.headers.get('location'), JSON.stringify(target)).toBe('/')
    }
    // Characters outside Latin-1 cannot stand in a Location header: they arrive percent-encoded.
    const res = await page(`/api/v1/auth/resume?redirect=${encodeURIComponent('/contacts?q=Jürgen 中文')}`, '')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/contacts?q=J%C3%BCrgen%20%E4%B8%AD%E6%96%87')
    expect((await cookieRefresh(refresh)).status).toBe(200)
  })
})
