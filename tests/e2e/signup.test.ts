import { randomBytes } from 'node:crypto'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { hydrated, launchBrowser } from '../support/browser'

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

describe('a new customer in Chromium', () => {
  const account = {
    organization: `Nordlicht Analytics ${randomBytes(3).toString('hex')}`,
    name: 'Frida Sørensen',
    email: `frida.${randomBytes(4).toString('hex')}@nordlicht.test`,
    password: 'Polarlicht-über-Tromsø-7',
  }

  it('signs up, signs out, signs in again and sees the app shell', async () => {
    const page = await (await browser.newContext({ locale: 'en-GB', baseURL: inject('baseUrl') })).newPage()
    await page.goto('/login')
    await hydrated(page)
    await page.getByRole('link', { name: 'Create an account' }).click()
    await page.waitForURL(url => url.pathname === '/register')

    // The shared validators speak first, in the user's language.
    await page.locator('form button[type=submit]').click()
    await expect(page.locator('#organizationName-error').textContent()).resolves.toBe('Please fill in this field.')

    await page.locator('#organizationName').fill(account.organization)
    await page.locator('#name').fill(account.name)
    await page.locator('#email').fill(account.email)
    await page.locator('#password').fill('password123')
    await page.locator('form button[type=submit]').click()
    await expect(page.locator('#password-error').textContent()).resolves.toContain('too common')

    await page.locator('#password').fill(account.password)
    await page.locator('form button[type=submit]').click()
    await page.waitForURL(url => url.pathname === '/')
    await page.getByTestId('dashboard-kpis').waitFor()
    await expect(page.locator('h1').textContent()).resolves.toBe(`Hello, ${account.name}`)
    await expect(page.locator('header').textContent()).resolves.toContain(account.organization)

    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(url => url.pathname === '/login')
    await hydrated(page)
    await page.locator('#email').fill(account.email)
    await page.locator('#password').fill(account.password)
    await page.locator('form button[type=submit]').click()
    await page.waitForURL(url => url.pathname === '/')
    await page.getByTestId('dashboard-kpis').waitFor()
    await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Contacts' }).isVisible()).resolves.toBe(true)
    await page.context().close()
  })

  it('refuses a second account for the same email with a message, not a crash', async () => {
    const page = await (await browser.newContext({ locale: 'de-DE', baseURL: inject('baseUrl') })).newPage()
    await page.goto('/register')
    await hydrated(page)
    await page.locator('#organizationName').fill('Noch eine GmbH')
    await page.locator('#name').fill('Frida Sørensen')
    await page.locator('#email').fill(account.email)
    await page.locator('#password').fill(account.password)
    await page.locator('form button[type=submit]').click()
    await expect(page.getByTestId('register-error').textContent()).resolves.toContain('bereits ein Konto')
    await page.context().close()
  })

  it('offers a password reset that answers the same for every address', async () => {
    const page = await (await browser.newContext({ locale: 'en-GB', baseURL: inject('baseUrl') })).newPage()
    await page.goto('/forgot-password')
    await hydrated(page)
    await page.locator('#email').fill('nobody@nowhere.test')
    await page.locator('form button[type=submit]').click()
    await expect(page.getByTestId('reset-link-sent').textContent()).resolves.toContain('nobody@nowhere.test')
    await page.goto('/reset-password?token=not-a-real-token')
    await hydrated(page)
    await page.locator('#password').fill(account.password)
    await page.locator('form button[type=submit]').click()
    await expect(page.getByTestId('reset-error').textContent()).resolves.toContain('invalid or has expired')
    await page.context().close()
  })
})
