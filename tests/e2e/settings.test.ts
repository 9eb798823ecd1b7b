import { randomBytes } from 'node:crypto'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { collectErrors, hydrated, launchBrowser, signIn } from '../support/browser'
import { call, DEMO } from '../support/http'

const ADMIN = { email: 'stefan.koehler@pulse.test', password: DEMO.password }
const VIEWER = { email: 'sophie.martin@pulse.test', password: DEMO.password }

let browser: Browser
const errors: string[] = []

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

async function newPage(locale: string): Promise<Page> {
  // The server renders dates in Europe/Berlin until the browser has told it its own zone.
  const context = await browser.newContext({ locale, timezoneId: 'Europe/Berlin', viewport: { width: 1280, height: 800 }, baseURL: inject('baseUrl') })
  return collectErrors(await context.newPage(), errors)
}

async function open(page: Page, path: string) {
  await page.goto(path)
  await hydrated(page)
}

const confirmButton = (page: Page, name: string) => page.locator('.p-confirmdialog').getByRole('button', { name, exact: true })

describe('settings in Chromium', () => {
  it('lets the owner invite someone, see the pending invitation and revoke it', async () => {
    const page = await newPage('en-GB')
    await signIn(page, DEMO)
    await open(page, '/settings/members')
    const table = page.getByTestId('members-table')
    await expect(table.locator('tbody tr').count()).resolves.toBe(5)
    await expect(table.getByText('stefan.koehler@pulse.test').isVisible()).resolves.toBe(true)

    // A member of the organization is refused with a translated reason.
    await page.getByTestId('invite-button').click()
    await page.locator('#invite-email').fill(ADMIN.email)
    await page.getByRole('button', { name: 'Send invitation' }).click()
    await expect(page.getByTestId('invite-error').textContent()).resolves.toContain('already a member of the organization')

    const email = `new.colleague.${randomBytes(3).toString('hex')}@example.test`
    await page.locator('#invite-email').fill(email)
    await page.getByRole('button', { name: 'Send invitation' }).click()
    const invitation = page.getByTestId('invitation').filter({ hasText: email })
    await invitation.waitFor()
    await expect(invitation.textContent()).resolves.toContain('Member')

    await page.getByRole('button', { name: `Revoke invitation for ${email}` }).click()
    await confirmButton(page, 'Revoke').click()
    await invitation.waitFor({ state: 'detached' })
    await expect(page.getByTestId('invitations').textContent()).resolves.toContain('No pending invitations.')
    await page.context().close()
  })

  it('creates an API key, shows its secret once, and revokes it', async () => {
    const page = await newPage('en-GB')
    await signIn(page, DEMO)
    await open(page, '/settings')
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'API keys' }).click()
    await page.waitForURL(url => url.pathname === '/settings/api-keys')

    const name = `Newsletter sync ${randomBytes(2).toString('hex')}`
    await page.getByTestId('api-key-create').click()
    await page.locator('#api-key-name').fill(name)
    await page.locator('.p-dialog').getByRole('button', { name: 'Read & write' }).click()
    await page.locator('.p-dialog').getByRole('button', { name: 'Create API key' }).click()

    const secret = page.getByTestId('api-key-value')
    await secret.waitFor()
    const key = await secret.inputValue()
    expect(key).toMatch(/^pk_/)
    await expect(page.getByTestId('api-key-secret').textContent()).resolves.toContain('shown only this once')
    // The key works for automation right away.
    expect((await call('GET', '/api/v1/contacts?limit=1', { token: key })).status).toBe(200)

    await page.getByRole('button', { name: 'I have stored the key' }).click()
    await secret.waitFor({ state: 'detached' })
    const row = page.getByTestId('api-keys-table').locator('tbody tr').filter({ hasText: name })
    await expect(row.textContent()).resolves.toContain('Read & write')
    await expect(row.textContent()).resolves.toContain(key.slice(0, 10))
    // The secret is nowhere on the page any more.
    await expect(page.content()).resolves.not.toContain(key)

    await page.getByRole('button', { name: `Revoke ${name}` }).click()
    await confirmButton(page, 'Revoke').click()
    await row.waitFor({ state: 'detached' })
    expect((await call('GET', '/api/v1/contacts?limit=1', { token: key })).status).toBe(401)
    await page.context().close()
  })

  it('changes the password and keeps the session, and switches the language with the profile', async () => {
    const page = await newPage('de-DE')
    await signIn(page, ADMIN)
    await open(page, '/settings')
    const changePassword = async (from: string, to: string) => {
      await page.locator('#current-password').fill(from)
      await page.locator('#new-password').fill(to)
      await page.getByTestId('password-form').locator('button[type=submit]').click()
      await page.locator('.p-toast').getByText(/Passwort geändert|Password changed/).waitFor()
      await page.locator('.p-toast-close-button').first().click()
    }

    await page.locator('#current-password').fill('not-my-password')
    await page.locator('#new-password').fill('Nordsee-Wind-2026!')
    await page.getByTestId('password-form').locator('button[type=submit]').click()
    await expect(page.locator('#current-password-error').textContent()).resolves.toBe('Das aktuelle Passwort ist falsch.')

    await changePassword(ADMIN.password, 'Nordsee-Wind-2026!')
    // The new access token is in the session: a reload is still signed in.
    await page.reload()
    await hydrated(page)
    await expect(page.locator('h1').textContent()).resolves.toBe('Einstellungen')
    await changePassword('Nordsee-Wind-2026!', ADMIN.password)

    await page.locator('#profile-locale').click()
    await page.getByRole('option', { name: 'English' }).click()
    await page.getByTestId('profile-form').locator('button[type=submit]').click()
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor()
    await expect(page.locator('h1').textContent()).resolves.toBe('Settings')
    await page.context().close()
  })

  it('shows the viewer the team without any controls', async () => {
    const page = await newPage('de-DE')
    await signIn(page, VIEWER)
    await open(page, '/settings/members')
    const table = page.getByTestId('members-table')
    await expect(table.locator('tbody tr').count()).resolves.toBe(5)
    await expect(table.getByText('Inhaber', { exact: true }).isVisible()).resolves.toBe(true)
    await expect(page.getByTestId('members-read-only').isVisible()).resolves.toBe(true)
    await expect(page.getByTestId('invite-button').count()).resolves.toBe(0)
    await expect(page.getByTestId('invitations').count()).resolves.toBe(0)
    await expect(table.locator('.p-select').count()).resolves.toBe(0)
    await expect(table.getByRole('button').count()).resolves.toBe(0)
    await expect(page.getByRole('navigation', { name: 'Bereiche der Einstellungen' }).getByRole('link', { name: 'API-Schlüssel' }).count()).resolves.toBe(0)

    await open(page, '/settings')
    await expect(page.getByTestId('organization-form').count()).resolves.toBe(0)
    await page.context().close()
  })

  it('ran without script errors', () => {
    expect(errors).toEqual([])
  })
})
