import { randomBytes } from 'node:crypto'
import { Secret, TOTP } from 'otpauth'
import type { Browser, Locator } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { collectErrors, hydrated, launchBrowser, screenshot, signIn, VIEWPORTS } from '../support/browser'
import { call } from '../support/http'
import { waitForMails } from '../support/mail-server'

// Issue 24 in the browser: a person sets up an authenticator app with a code this test
// computes, keeps the recovery codes, signs out, and signs in again with the second step;
// on a desktop in English and on a touch tablet in German.

const PASSWORD = 'correct horse battery staple'
const TEXTS = {
  en: { status: /^On since /, signOut: 'Sign out', wrong: 'The code is incorrect or was already used.', title: 'Two-step verification' },
  de: { status: /^Aktiv seit /, signOut: 'Abmelden', wrong: 'Der Code ist falsch oder wurde bereits verwendet.', title: 'Zwei-Faktor-Bestätigung' },
} as const

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

/** The code the app shows `steps` steps from now. */
function codeAt(secret: string, steps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: Date.now() + steps * 30_000 })
}

describe('two-step verification', () => {
  for (const screen of VIEWPORTS) {
    const language = screen.name === 'desktop' ? 'en' : 'de'
    const text = TEXTS[language]

    it(`is set up in the settings and asked at the next sign-in (${screen.name}, ${language})`, async () => {
      const email = `mfa-e2e-${randomBytes(4).toString('hex')}@example.test`
      const registered = await call('POST', '/api/v1/auth/register', {
        body: { organizationName: 'Zweifaktor GmbH', name: 'Mira Faktor', email, password: PASSWORD },
        headers: { 'accept-language': language },
      })
      expect(registered.status).toBe(201)

      const context = await browser.newContext({ ...screen, locale: language === 'de' ? 'de-DE' : 'en-GB', baseURL: inject('baseUrl') })
      const errors: string[] = []
      const page = collectErrors(await context.newPage(), errors)
      const press = (target: Locator) => (screen.hasTouch ? target.tap() : target.click())

      await signIn(page, { email, password: PASSWORD })
      await page.goto('/settings#security')
      await hydrated(page)
      const settings = page.getByTestId('mfa-settings')
      await settings.waitFor()
      await press(page.getByTestId('mfa-enable'))

      // The QR code is an image this server made, and it shows.
      const qr = page.getByTestId('mfa-qr')
      await qr.waitFor()
      await expect.poll(() => qr.evaluate(img => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0)
      expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/)
      await qr.scrollIntoViewIfNeeded()
      await screenshot(page, `mfa-enrol-${screen.name}`)

      const secret = (await page.getByTestId('mfa-secret').innerText()).replace(/\s/g, '')
      expect(secret).toMatch(/^[A-Z2-7]{32}$/)
      const confirmCode = page.locator('#mfa-confirm-code')
      expect(await confirmCode.getAttribute('autocomplete')).toBe('one-time-code')
      await confirmCode.fill(codeAt(secret))
      await press(page.getByTestId('mfa-enrolment').locator('button[type=submit]'))

      const codes = page.getByTestId('mfa-recovery-codes')
      await codes.waitFor()
      const shown = await codes.locator('li').allInnerTexts()
      expect(shown).toHaveLength(10)
      for (const code of shown) expect(code.trim()).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/)
      await codes.scrollIntoViewIfNeeded()
      await screenshot(page, `mfa-recovery-codes-${screen.name}`)
      await press(page.getByTestId('mfa-codes-done'))
      await expect.poll(() => page.getByTestId('mfa-status').innerText()).toMatch(text.status)

      await press(page.getByRole('button', { name: text.signOut }))
      await page.waitForURL(url => url.pathname === '/login')
      await hydrated(page)

      // The password first, then the code step.
      await page.locator('#email').fill(email)
      await page.locator('#password').fill(PASSWORD)
      await press(page.locator('form button[type=submit]'))
      const code = page.locator('#mfa-code')
      await code.waitFor()
      await expect.poll(() => page.locator('h1').first().innerText()).toBe(text.title)
      expect(await code.getAttribute('autocomplete')).toBe('one-time-code')
      expect(await code.getAttribute('inputmode')).toBe('numeric')
      expect(await code.evaluate(input => input === document.activeElement)).toBe(true)

      // A wrong code is said so, in the page's language; the step stays.
      await code.fill('000000')
      await press(page.locator('form button[type=submit]'))
      await expect.poll(() => page.getByTestId('mfa-error').innerText()).toBe(text.wrong)
      await page.getByTestId('mfa-error').evaluate(async (el) => {
        await Promise.all(el.getAnimations({ subtree: true }).map(a => a.finished.catch(() => undefined)))
      })
      await screenshot(page, `mfa-login-code-${screen.name}`)

      // The confirmation used this step's code: the next one (within the drift window) signs in.
      await code.fill(codeAt(secret, 1))
      await press(page.locator('form button[type=submit]'))
      await page.waitForURL(url => url.pathname === '/')
      await page.getByTestId('dashboard-kpis').waitFor()
      expect((await context.cookies()).find(c => c.name === 'pulse.refresh')?.value).toMatch(/^rtb_/)
      expect(errors).toEqual([])
      await context.close()
    })
  }

  it('leads a person the organization\'s policy covers to set it up before anything else (tablet, de)', async () => {
    const owner = await call('POST', '/api/v1/auth/register', {
      body: { organizationName: 'Pflicht AG', name: 'Olga Owner', email: `mfa-owner-${randomBytes(4).toString('hex')}@example.test`, password: PASSWORD },
      headers: { 'accept-language': 'de' },
    })
    const token = owner.body.data.accessToken as string
    const begun = await call('POST', '/api/v1/auth/mfa/totp', { token })
    expect((await call('POST', '/api/v1/auth/mfa/totp/confirm', { token, body: { code: codeAt(begun.body.data.secret) } })).status).toBe(200)
    const email = `mfa-admin-${randomBytes(4).toString('hex')}@example.test`
    expect((await call('POST', '/api/v1/invitations', { token, body: { email, role: 'admin', locale: 'de' } })).status).toBe(201)
    const [mail] = await waitForMails(inject('mailServerUrl'), email)
    const invitation = mail?.text?.match(/accept-invite\?token=(inv_[\w-]+)/)?.[1]
    expect((await call('POST', '/api/v1/auth/accept-invite', { body: { token: invitation, name: 'Anton Admin', password: PASSWORD } })).status).toBe(201)
    expect((await call('PUT', '/api/v1/organization/mfa-policy', { token, body: { policy: 'admins' } })).status).toBe(200)

    const tablet = VIEWPORTS[1]
    const context = await browser.newContext({ ...tablet, locale: 'de-DE', baseURL: inject('baseUrl') })
    const errors: string[] = []
    const page = collectErrors(await context.newPage(), errors)
    await page.goto('/login')
    await hydrated(page)
    await page.locator('#email').fill(email)
    await page.locator('#password').fill(PASSWORD)
    await page.locator('form button[type=submit]').tap()
    await page.waitForURL(url => url.pathname === '/security-setup')
    await expect.poll(() => page.locator('h1').first().innerText()).toBe('Zwei-Faktor-Bestätigung einrichten')
    // Another page of the app leads back here.
    await page.goto('/contacts')
    await page.waitForURL(url => url.pathname === '/security-setup')
    await hydrated(page)
    await page.getByTestId('mfa-enable').tap()
    await page.getByTestId('mfa-qr').waitFor()
    await screenshot(page, 'mfa-required-setup-tablet')
    const secret = (await page.getByTestId('mfa-secret').innerText()).replace(/\s/g, '')
    await page.locator('#mfa-confirm-code').fill(codeAt(secret))
    await page.getByTestId('mfa-enrolment').locator('button[type=submit]').tap()
    await page.getByTestId('mfa-recovery-codes').waitFor()
    await page.getByTestId('mfa-codes-done').tap()
    await page.getByTestId('mfa-continue').tap()
    await page.waitForURL(url => url.pathname === '/')
    await page.getByTestId('dashboard-kpis').waitFor()
    expect(errors).toEqual([])
    await context.close()
  })
})
