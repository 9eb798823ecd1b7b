import { randomBytes } from 'node:crypto'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { collectErrors, hydrated, launchBrowser, screenshot, signIn, VIEWPORTS } from '../support/browser'
import { call } from '../support/http'

// The duplicates screen: pairs found by the background scan, per kind, with "Compare & merge"
// and "Not a duplicate". Desktop in English with a mouse, the tablet in German by touch.

const PASSWORD = 'a sturdy passphrase 42'
const unique = () => randomBytes(3).toString('hex')

let browser: Browser
const errors: string[] = []

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  expect(errors).toEqual([])
})

const TEXT = {
  en: { empty: 'No likely duplicate contacts', email: 'Same email', name: 'Same name', domain: 'Same website domain', dismissed: 'will not be suggested again', merge: 'Compare & merge' },
  de: { empty: 'Keine wahrscheinlichen Dubletten unter den Kontakten', email: 'Gleiche E-Mail', name: 'Gleicher Name', domain: 'Gleiche Web-Domain', dismissed: 'werden nicht mehr vorgeschlagen', merge: 'Vergleichen & zusammenführen' },
}

const SCREENS = [
  { ...VIEWPORTS[0], language: 'en' as const },
  { ...VIEWPORTS[1], language: 'de' as const },
]

describe.each(SCREENS)('the duplicates screen at $name size ($language)', ({ name: size, viewport, hasTouch, language }) => {
  const org = { email: '', token: '' }
  const text = TEXT[language]
  async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read whatever JSON came back
    const res = await call(method, path, { token: org.token, body })
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`)
    return res.body.data as T
  }
  const tap = (target: Locator) => (hasTouch ? target.tap() : target.click())

  beforeAll(async () => {
    org.email = `scan-${unique()}@example.test`
    const registered = await call('POST', '/api/v1/auth/register', {
      body: { organizationName: `Scan ${unique()} GmbH`, name: 'Dana Scan', email: org.email, password: PASSWORD },
    })
    expect(registered.status, registered.text).toBe(201)
    org.token = registered.body.data.accessToken
    await api('PUT', '/api/v1/auth/me', { locale: language })
  })

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ locale: language === 'de' ? 'de-DE' : 'en-GB', timezoneId: 'Europe/Berlin', viewport, hasTouch, isMobile: false, baseURL: inject('baseUrl') })
    return collectErrors(await context.newPage(), errors)
  }

  /** Waits until the background scan lists `count` pairs of the kind. */
  async function scanned(kind: 'contact' | 'company', count: number) {
    const deadline = Date.now() + 20_000
    while ((await api<unknown[]>('GET', `/api/v1/duplicates?kind=${kind}`)).length !== count) {
      if (Date.now() > deadline) throw new Error(`the scan did not find ${count} ${kind} pairs`)
      await new Promise(r => setTimeout(r, 250))
    }
  }

  it('shows the empty state, then the pairs found, links both records and merge, and forgets a dismissed pair', async () => {
    const page = await newPage()
    await signIn(page, { email: org.email, password: PASSWORD })
    await page.goto('/duplicates')
    await hydrated(page)
    await expect(page.getByTestId('duplicates-empty').textContent()).resolves.toContain(text.empty)
    await screenshot(page, `duplicate-scan-empty-${size}-${language}`)

    const tag = unique()
    const anna = await api<{ id: string }>('POST', '/api/v1/contacts', { firstName: 'Anna', lastName: `Schäfer${tag}`, email: `anna.${tag}@example.de`, phone: '+49 30 1234567' })
    const annaAgain = await api<{ id: string }>('POST', '/api/v1/contacts?allowDuplicate=true', { firstName: `Schaefer${tag}`, lastName: 'Anna', email: `Anna.${tag}@example.de` })
    const firm = await api<{ id: string }>('POST', '/api/v1/companies', { name: `Brot ${tag} GmbH`, website: `https://brot-${tag}.de`, address: { city: 'Leipzig' } })
    const firmAgain = await api<{ id: string }>('POST', '/api/v1/companies?allowDuplicate=true', { name: `Brot ${tag} KG`, website: `www.brot-${tag}.de` })
    await scanned('contact', 1)
    await scanned('company', 1)

    // Found from the navigation, as a user would.
    await page.goto('/contacts')
    await hydrated(page)
    await tap(page.getByTestId('nav-duplicates').first())
    await page.waitForURL(url => url.pathname === '/duplicates')
    await hydrated(page)
    const pair = page.getByTestId('duplicate-pair')
    await pair.first().waitFor()
    await expect(pair.count()).resolves.toBe(1)
    await expect(pair.getByTestId('duplicate-reasons').textContent()).resolves.toBe(`${text.email} · ${text.name}`)
    await expect(pair.getByTestId('duplicate-score').textContent()).resolves.toMatch(/^98\s?%/)
    const records = pair.getByTestId('duplicate-record')
    await expect(records.nth(0).textContent()).resolves.toContain(`anna.${tag}@example.de`)
    await expect(records.nth(1).textContent()).resolves.toContain(`Schaefer${tag} Anna`)
    await expect(records.nth(0).locator('a').getAttribute('href')).resolves.toBe(`/contacts/${anna.id}`)
    await expect(records.nth(1).locator('a').getAttribute('href')).resolves.toBe(`/contacts/${annaAgain.id}`)
    const merge = pair.getByTestId('duplicate-merge')
    await expect(merge.textContent()).resolves.toContain(text.merge)
    await expect(merge.getAttribute('href')).resolves.toBe(`/contacts/${anna.id}?merge=${annaAgain.id}`)
    // Big enough to hit with a finger.
    for (const target of [merge, pair.getByTestId('duplicate-dismiss')]) expect((await target.boundingBox())!.height).toBeGreaterThanOrEqual(44)
    await screenshot(page, `duplicate-scan-contacts-${size}-${language}`)

    // The companies' tab.
    await tap(page.getByTestId('duplicates-tab-company'))
    await page.waitForURL(url => url.search === '?kind=company')
    await page.getByTestId('duplicate-reasons').filter({ hasText: text.domain }).waitFor()
    await expect(page.getByTestId('duplicate-pair').count()).resolves.toBe(1)
    await expect(page.getByTestId('duplicate-merge').getAttribute('href')).resolves.toBe(`/companies/${firm.id}?merge=${firmAgain.id}`)
    await screenshot(page, `duplicate-scan-companies-${size}-${language}`)

    // Not a duplicate: gone at once, and still gone after a reload and a rescan of both.
    await tap(page.getByTestId('duplicates-tab-contact'))
    await page.waitForURL(url => url.pathname === '/duplicates' && !url.search)
    await page.getByTestId('duplicate-reasons').filter({ hasText: text.email }).waitFor()
    await tap(page.getByTestId('duplicate-dismiss'))
    await page.locator('.p-toast-message').filter({ hasText: text.dismissed }).waitFor()
    await page.getByTestId('duplicates-empty').waitFor()
    await api('PUT', `/api/v1/contacts/${annaAgain.id}?allowDuplicate=true`, { phone: '030 1234567' })
    const marker = await api<{ id: string }>('POST', '/api/v1/contacts', { firstName: 'Max', lastName: `Marker${tag}` })
    await api('POST', '/api/v1/contacts?allowDuplicate=true', { firstName: 'Max', lastName: `Marker${tag}` })
    await scanned('contact', 1)
    await page.reload()
    await hydrated(page)
    await page.getByTestId('duplicate-pair').first().waitFor()
    await expect(page.getByTestId('duplicate-pair').count()).resolves.toBe(1)
    await expect(page.getByTestId('duplicate-record').nth(0).locator('a').getAttribute('href')).resolves.toBe(`/contacts/${marker.id}`)
    await page.context().close()
  })
})
