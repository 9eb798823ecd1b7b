import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { collectErrors, hydrated, launchBrowser, screenshot, signIn, VIEWPORTS } from '../support/browser'
import { call } from '../support/http'

const PASSWORD = 'a sturdy passphrase 42'
const unique = () => randomBytes(3).toString('hex')

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** WCAG A/AA violations (contrast as rendered, names of controls) inside the duplicates warning. */
async function warningViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE)
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: { id: string, nodes: { html: string }[] }[] }> } }).axe
    const result = await axe.run('[data-testid="duplicates"]', { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] })
    return result.violations.flatMap(v => v.nodes.map(n => `${v.id}: ${n.html.slice(0, 160)}`))
  })
}

let browser: Browser
const errors: string[] = []
/** An organization of its own, so the duplicates found are only the ones made here. */
const org = { email: '', token: '' }

async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read whatever JSON came back
  const res = await call(method, path, { token: org.token, body })
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`)
  return res.body.data as T
}

beforeAll(async () => {
  browser = await launchBrowser()
  org.email = `dupes-${unique()}@example.test`
  const registered = await call('POST', '/api/v1/auth/register', {
    body: { organizationName: `Dupes ${unique()} GmbH`, name: 'Dora Dupes', email: org.email, password: PASSWORD },
  })
  expect(registered.status, registered.text).toBe(201)
  org.token = registered.body.data.accessToken
  await api('PUT', '/api/v1/auth/me', { locale: 'en' })
})

afterAll(async () => {
  await browser?.close()
  expect(errors).toEqual([])
})

describe.each(VIEWPORTS)('duplicates in Chromium at $name size', ({ name: size, viewport, hasTouch }) => {
  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Berlin', viewport, hasTouch, isMobile: false, baseURL: inject('baseUrl') })
    return collectErrors(await context.newPage(), errors)
  }
  const tap = (target: Locator) => (hasTouch ? target.tap() : target.click())
  async function open(page: Page, path: string) {
    await page.goto(path)
    await hydrated(page)
  }
  const drawer = (page: Page) => page.locator('.p-drawer')

  it('warns about a likely duplicate contact in the form, then saves anyway or opens the existing one', async () => {
    const tag = unique()
    const company = await api<{ id: string, name: string }>('POST', '/api/v1/companies', { name: `Nordwind ${tag} GmbH`, website: `https://www.nordwind-${tag}.de`, address: { city: 'Hamburg' } })
    const existing = await api<{ id: string }>('POST', '/api/v1/contacts', { firstName: 'Jürgen', lastName: `Müller${tag}`, email: `jm.${tag}@example.test`, companyId: company.id })
    const page = await newPage()
    await signIn(page, { email: org.email, password: PASSWORD })

    /** Fills in a look-alike of the existing contact and saves; `found` look-alikes are shown, the existing one among them. */
    async function fillDuplicate(found: number) {
      await open(page, '/contacts')
      await tap(page.getByTestId('contact-create'))
      // Spelled without umlauts: still the same person.
      await drawer(page).locator('#contact-firstName').fill('Juergen')
      await drawer(page).locator('#contact-lastName').fill(`Mueller${tag}`)
      await drawer(page).locator('#contact-company').fill(`Nordwind ${tag}`)
      // The picker tells companies apart by city and domain.
      const option = page.locator('.p-autocomplete-option').filter({ hasText: company.name })
      await expect(option.getByTestId('picker-detail').textContent()).resolves.toBe(`Hamburg · nordwind-${tag}.de`)
      await tap(option)
      await expect.poll(() => drawer(page).locator('#contact-company').inputValue()).toBe(company.name)
      await tap(drawer(page).getByTestId('form-save'))
      const warning = drawer(page).getByTestId('duplicates')
      await warning.waitFor()
      await warning.scrollIntoViewIfNeeded()
      await expect.poll(() => warning.getByTestId('duplicate-candidate').count()).toBe(found)
      const candidate = warning.getByTestId('duplicate-candidate').filter({ hasText: `Jürgen Müller${tag}` })
      await expect(candidate.textContent()).resolves.toContain(`Jürgen Müller${tag}`)
      await expect(candidate.textContent()).resolves.toContain('Same name')
      await expect(candidate.textContent()).resolves.toContain(`jm.${tag}@example.test`)
    }

    await fillDuplicate(1)
    if (size === 'tablet') await screenshot(page, 'duplicate-warning')
    expect(await warningViolations(page)).toEqual([])
    // Save anyway: the second contact is created and opens.
    await tap(drawer(page).getByTestId('duplicate-save-anyway'))
    await drawer(page).waitFor({ state: 'detached' })
    await page.waitForURL(url => /^\/contacts\/[\w-]+$/.test(url.pathname) && !url.pathname.endsWith(existing.id))
    await expect(page.getByTestId('record-title').textContent()).resolves.toContain(`Juergen Mueller${tag}`)

    // Open existing: no new contact, on the one that was there (the one saved anyway is a look-alike now too).
    await fillDuplicate(2)
    await tap(drawer(page).getByTestId('duplicate-candidate').filter({ hasText: `Jürgen Müller${tag}` }).getByTestId('duplicate-open'))
    await drawer(page).waitFor({ state: 'detached' })
    await page.waitForURL(url => url.pathname === `/contacts/${existing.id}`)
    await expect(page.getByTestId('record-title').textContent()).resolves.toContain(`Jürgen Müller${tag}`)
    const sameName = await api<unknown[]>('GET', `/api/v1/contacts?q=${tag}`)
    expect(sameName).toHaveLength(2)
    await page.context().close()
  })
})
