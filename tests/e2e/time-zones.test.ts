import { randomBytes } from 'node:crypto'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { collectErrors, hydrated, launchBrowser, screenshot, signIn, VIEWPORTS } from '../support/browser'
import { call, login } from '../support/http'

const PASSWORD = 'correct horse battery staple'
let browser: Browser
const errors: string[] = []

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  expect(errors).toEqual([])
})

describe.each(VIEWPORTS)('the profile\'s time zone in Chromium at $name size', ({ name: size, viewport, hasTouch }) => {
  const tap = (target: Locator) => (hasTouch ? target.tap() : target.click())

  async function newAccount() {
    const email = `tz-${size}-${randomBytes(4).toString('hex')}@example.test`
    const res = await call('POST', '/api/v1/auth/register', { body: { organizationName: `Zones ${size}`, name: 'Zoe Zone', email, password: PASSWORD }, headers: { 'accept-language': 'en' } })
    expect(res.status).toBe(201)
    return { email, password: PASSWORD }
  }
  const profileZone = async (account: { email: string, password: string }) =>
    (await call('GET', '/api/v1/auth/me', { token: await login(account.email, account.password) })).body.data.user.timeZone as string | null

  it('stores the browser\'s zone once, then changes it through the searchable select and keeps it', async () => {
    const account = await newAccount()
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'America/New_York', viewport, hasTouch, isMobile: false, baseURL: inject('baseUrl') })
    const hydration: string[] = []
    const page: Page = collectErrors(await context.newPage(), errors)
    page.on('console', msg => /hydrat/i.test(msg.text()) && hydration.push(msg.text()))
    await signIn(page, account)
    // A profile without a zone takes the browser's, once.
    await expect.poll(() => profileZone(account)).toBe('America/New_York')

    await page.goto('/settings')
    await hydrated(page)
    const select = page.getByTestId('profile-time-zone')
    await expect(select.textContent()).resolves.toContain('America/New York')
    await tap(select)
    const filter = page.locator('.p-select-overlay input')
    await filter.fill('tokyo')
    await tap(page.getByRole('option', { name: 'Asia/Tokyo' }))
    await expect(select.textContent()).resolves.toContain('Asia/Tokyo')
    await screenshot(page, `profile-time-zone-${size}`)
    await tap(page.getByTestId('profile-form').getByRole('button', { name: 'Save' }))
    await page.locator('.p-toast-message').filter({ hasText: 'Profile saved' }).first().waitFor()
    await expect.poll(() => profileZone(account)).toBe('Asia/Tokyo')

    // Reloaded: the profile's zone, not the browser's, rendered alike on the server and the client.
    await page.reload()
    await hydrated(page)
    await expect(page.getByTestId('profile-time-zone').textContent()).resolves.toContain('Asia/Tokyo')
    expect(await profileZone(account)).toBe('Asia/Tokyo')
    expect(hydration).toEqual([])
    await context.close()
  })
})
