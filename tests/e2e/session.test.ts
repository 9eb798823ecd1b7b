import { decodeJwt, SignJWT, type JWTPayload } from 'jose'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { collectErrors, hydrated, launchBrowser, signIn } from '../support/browser'
import { call, DEMO } from '../support/http'
import { TEST_JWT_SECRET } from '../support/server'

// The browser session end to end (README, "Security"): the refresh token lives in an
// httpOnly cookie, page loads with an expired access token render signed in, the app
// renews its token before expiry and on a 401, tabs do not trip reuse detection, and
// signing out ends the session everywhere.

const NAME = 'Katharina Brandt' // the demo owner
const TOKEN_STATE = '$sauth:raw-token' // @sidebase/nuxt-auth's useState('auth:raw-token')

let browser: Browser
const errors: string[] = []

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

async function newContext(): Promise<BrowserContext> {
  return browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 }, baseURL: inject('baseUrl') })
}

async function newPage(context: BrowserContext): Promise<Page> {
  return collectErrors(await context.newPage(), errors)
}

async function cookie(context: BrowserContext, name: string) {
  return (await context.cookies()).find(c => c.name === name)
}

/** The access token the app holds in memory (what it sends as Bearer). */
function heldToken(page: Page): Promise<string | null> {
  return page.evaluate(key => (document.querySelector('#__nuxt') as unknown as { __vue_app__: { $nuxt: { payload: { state: Record<string, string | null> } } } })
    .__vue_app__.$nuxt.payload.state[key] ?? null, TOKEN_STATE)
}

/** Replaces the token the app holds in memory, as if it had been issued long ago or revoked. */
async function holdToken(page: Page, token: string) {
  await page.evaluate(([key, value]) => {
    (document.querySelector('#__nuxt') as unknown as { __vue_app__: { $nuxt: { payload: { state: Record<string, string> } } } })
      .__vue_app__.$nuxt.payload.state[key!] = value!
  }, [TOKEN_STATE, token])
}

/** An access token with the claims of `like`, expiring in `seconds` (negative: expired), signed with `secret`. */
async function accessToken(like: string, seconds: number, secret = TEST_JWT_SECRET): Promise<string> {
  const { iat: _iat, exp: _exp, ...claims } = decodeJwt(like) as JWTPayload & { iat: number, exp: number }
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
    .setIssuedAt(now - 900 + Math.max(seconds, 0))
    .setExpirationTime(now + seconds)
    .sign(new TextEncoder().encode(secret))
}

/** Paths of the documents the page loaded (redirects included), from now on. */
function documentLoads(page: Page): string[] {
  const paths: string[] = []
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) paths.push(new URL(request.url()).pathname)
  })
  return paths
}

/** POSTs to the refresh endpoint the page made, from now on. */
function refreshCalls(page: Page): string[] {
  const calls: string[] = []
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/auth/refresh') calls.push(request.url())
  })
  return calls
}

describe('the browser session', () => {
  it('keeps the refresh token in an httpOnly cookie that no script and no page sees', async () => {
    const context = await newContext()
    const page = await newPage(context)
    await signIn(page)
    const refresh = await cookie(context, 'pulse.refresh')
    expect(refresh).toMatchObject({ httpOnly: true, path: '/api/v1/auth', sameSite: 'Lax', secure: true })
    expect(refresh!.value).toMatch(/^rtb_/)
    expect(await cookie(context, 'pulse.access')).toMatchObject({ httpOnly: false, path: '/' })

    await page.reload()
    await hydrated(page)
    const scriptView = await page.evaluate(() => document.cookie)
    expect(scriptView).toContain('pulse.access=')
    expect(scriptView).not.toContain('pulse.refresh')
    expect(scriptView).not.toContain(refresh!.value)
    expect(await page.content()).not.toContain(refresh!.value) // nor in the SSR payload
    await context.close()
  })

  it('renders the signed-in page when the access token is gone or expired, without passing by sign-in', async () => {
    const context = await newContext()
    const page = await newPage(context)
    await signIn(page)
    const before = (await cookie(context, 'pulse.access'))!.value

    for (const makeStale of [
      () => context.clearCookies({ name: 'pulse.access' }),
      async () => context.addCookies([{ name: 'pulse.access', value: await accessToken(before, -60), url: inject('baseUrl') }]),
    ]) {
      await makeStale()
      const loads = documentLoads(page)
      const response = await page.goto('/')
      expect(new URL(page.url()).pathname).toBe('/')
      expect(loads).toEqual(['/', '/api/v1/auth/resume', '/'])
      // Rendered signed in on the server, its data included: no sign-in page, no loading state in between.
      expect(response!.status()).toBe(200)
      const html = await response!.text()
      expect(html).toContain(NAME)
      expect(html).toContain('data-testid="dashboard-kpis"')
      await hydrated(page)
      await expect(page.getByRole('banner').textContent()).resolves.toContain(NAME)
      const renewed = (await cookie(context, 'pulse.access'))!.value
      expect(decodeJwt(renewed).exp! - Date.now() / 1000).toBeGreaterThan(14 * 60)
    }
    await context.close()
  })

  it('renews a token the API refuses and repeats the call once', async () => {
    const context = await newContext()
    const page = await newPage(context)
    await signIn(page)
    const good = await heldToken(page)
    // Not due for renewal by its expiry, but refused by the server (another key signed it).
    await holdToken(page, await accessToken(good!, 600, 'a-key-this-server-has-never-seen-0123456789'))
    const refreshes = refreshCalls(page)
    // The list's answer after the renewal (the table shows loading rows before it).
    const listed = page.waitForResponse(res => new URL(res.url()).pathname === '/api/v1/contacts' && res.status() === 200, { timeout: 15_000 })
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Contacts' }).click()
    await page.waitForURL(url => url.pathname === '/contacts')
    await listed
    await expect.poll(() => page.locator('tbody tr').count(), { timeout: 15_000 }).toBeGreaterThan(1)
    expect(refreshes).toHaveLength(1)
    const renewed = await heldToken(page)
    expect(renewed).not.toBe(good)
    expect((await call('GET', '/api/v1/auth/me', { token: renewed! })).status).toBe(200)
    await context.close()
  })

  it('goes back only to a page of this site after sign-in, however the redirect is disguised', async () => {
    const context = await newContext()
    const page = await newPage(context)
    const origin = new URL(inject('baseUrl')).origin
    await page.goto(`${inject('baseUrl')}/login?redirect=${encodeURIComponent('/\t/evil.example/x')}`)
    await hydrated(page)
    await page.locator('#email').fill(DEMO.email)
    await page.locator('#password').fill(DEMO.password)
    await page.locator('form button[type=submit]').click()
    await page.waitForURL(url => url.pathname === '/')
    expect(page.url()).toBe(`${origin}/`)
    await context.close()
  })

  it('asks to sign in again, and comes back, when the session was ended elsewhere', async () => {
    const context = await newContext()
    const page = await newPage(context)
    await signIn(page)
    // Signed out from another device: the family is revoked on the server.
    const refresh = (await cookie(context, 'pulse.refresh'))!.value
    expect((await call('POST', '/api/v1/auth/logout', { body: { refreshToken: refresh } })).status).toBe(200)
    await holdToken(page, await accessToken((await heldToken(page))!, 600, 'a-key-this-server-has-never-seen-0123456789'))
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Contacts' }).click()
    await page.waitForURL(url => url.pathname === '/login')
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/contacts')
    expect(await cookie(context, 'pulse.refresh')).toBeUndefined()
    await hydrated(page)
    await page.locator('#email').fill(DEMO.email)
    await page.locator('#password').fill(DEMO.password)
    await page.locator('form button[type=submit]').click()
    await page.waitForURL(url => url.pathname === '/contacts')
    await context.close()
  })

  it('renews the access token shortly before it expires, in every open tab, without ending the session', async () => {
    const context = await newContext()
    const first = await newPage(context)
    await signIn(first)
    const second = await newPage(context)
    await second.goto('/deals')
    await hydrated(second)
    const held = (await heldToken(first))!
    const soon = await accessToken(held, 30)
    // Both tabs find their token about to expire at the same moment.
    await Promise.all([holdToken(first, soon), holdToken(second, soon)])
    for (const page of [first, second]) {
      await expect.poll(async () => decodeJwt((await heldToken(page))!).exp! - Date.now() / 1000, { timeout: 15_000 }).toBeGreaterThan(14 * 60)
      expect((await call('GET', '/api/v1/auth/me', { token: (await heldToken(page))! })).status).toBe(200)
    }
    // The family is intact: a page load with no access token still resumes the session.
    await context.clearCookies({ name: 'pulse.access' })
    await first.goto('/companies')
    expect(new URL(first.url()).pathname).toBe('/companies')
    await expect(first.getByRole('banner').textContent()).resolves.toContain(NAME)
    await context.close()
  })

  it('survives several tabs loading at once with an expired access token', async () => {
    const context = await newContext()
    const page = await newPage(context)
    await signIn(page)
    await context.clearCookies({ name: 'pulse.access' })
    const tabs = await Promise.all([1, 2, 3].map(() => newPage(context)))
    // All three send the same refresh cookie to the resume endpoint at once.
    await Promise.all(tabs.map((tab, i) => tab.goto(['/', '/contacts', '/deals'][i]!)))
    for (const [i, tab] of tabs.entries()) {
      expect(new URL(tab.url()).pathname).toBe(['/', '/contacts', '/deals'][i])
      await expect(tab.getByRole('banner').textContent()).resolves.toContain(NAME)
    }
    // Reuse detection was not tripped: the session goes on.
    await context.clearCookies({ name: 'pulse.access' })
    await page.goto('/activities')
    expect(new URL(page.url()).pathname).toBe('/activities')
    await expect(page.getByRole('banner').textContent()).resolves.toContain(NAME)
    await context.close()
  })

  it('signs out: the family is revoked, the cookies are gone, every tab and every reload shows sign-in', async () => {
    const context = await newContext()
    const page = await newPage(context)
    await signIn(page)
    const other = await newPage(context)
    await other.goto('/contacts')
    await hydrated(other)
    const refresh = (await cookie(context, 'pulse.refresh'))!.value

    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(url => url.pathname === '/login')
    await other.waitForURL(url => url.pathname === '/login')
    for (const name of ['pulse.refresh', 'pulse.session', 'pulse.access']) expect(await cookie(context, name), name).toBeUndefined()

    await page.goto('/')
    expect(new URL(page.url()).pathname).toBe('/login')
    await other.reload()
    expect(new URL(other.url()).pathname).toBe('/login')
    // The token is dead on the server too, not only forgotten here.
    expect((await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: refresh } })).status).toBe(401)
    await context.close()
  })

  it('ran without script errors', () => {
    expect(errors).toEqual([])
  })
})
