import { randomBytes } from 'node:crypto'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { collectErrors, hydrated, launchBrowser, screenshot, signIn, VIEWPORTS } from '../support/browser'
import { call } from '../support/http'

// Merging in Chromium: from the duplicate warning of the contact form into the existing
// contact, side by side with a preview, then undone; and a company picked on its page.
// Desktop in English with a mouse, tablet in German by touch.

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

const SETUPS = [
  { ...VIEWPORTS[0], language: 'en' as const, text: { undo: 'Undo', undone: 'Merge undone', merged: 'Merged from', stays: '(stays)' } },
  { ...VIEWPORTS[1], language: 'de' as const, text: { undo: 'Rückgängig', undone: 'Zusammenführen rückgängig gemacht', merged: 'zusammengeführt', stays: '(bleibt)' } },
]

describe.each(SETUPS)('merging in Chromium at $name size in $language', ({ name: size, viewport, hasTouch, language, text }) => {
  /** An organization of its own per size, its owner speaking the language under test. */
  const org = { email: '', token: '' }
  async function api<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number, data: T, error?: { code: string, details?: unknown } }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read whatever JSON came back
    const res = await call(method, path, { token: org.token, body })
    return { status: res.status, data: res.body?.data as T, error: res.body?.error }
  }

  beforeAll(async () => {
    org.email = `merge-${size}-${unique()}@example.test`
    const registered = await call('POST', '/api/v1/auth/register', {
      body: { organizationName: `Merge ${unique()} GmbH`, name: 'Mia Merge', email: org.email, password: PASSWORD },
    })
    expect(registered.status, registered.text).toBe(201)
    org.token = registered.body.data.accessToken
    expect((await api('PUT', '/api/v1/auth/me', { locale: language })).status).toBe(200)
  })

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ locale: language === 'de' ? 'de-DE' : 'en-GB', timezoneId: 'Europe/Berlin', viewport, hasTouch, isMobile: false, baseURL: inject('baseUrl') })
    const page = collectErrors(await context.newPage(), errors)
    await signIn(page, { email: org.email, password: PASSWORD })
    return page
  }
  const tap = (target: Locator) => (hasTouch ? target.tap() : target.click())
  async function open(page: Page, path: string) {
    await page.goto(path)
    await hydrated(page)
  }

  it('merges a new look-alike from the duplicate warning into the existing contact, then undoes it', async () => {
    const tag = unique()
    const existing = (await api<{ id: string }>('POST', '/api/v1/contacts', { firstName: 'Jürgen', lastName: `Müller${tag}`, email: `jm.${tag}@example.test`, tags: ['kunde'] })).data
    const call$ = (await api<{ id: string }>('POST', '/api/v1/activities', { type: 'call', subject: `Rückruf ${tag}`, contactId: existing.id })).data
    const page = await newPage()

    // A look-alike with a new email address: the warning offers to merge it into the existing one.
    await open(page, '/contacts')
    await tap(page.getByTestId('contact-create'))
    const drawer = page.locator('.p-drawer')
    await drawer.locator('#contact-firstName').fill('Juergen')
    await drawer.locator('#contact-lastName').fill(`Mueller${tag}`)
    await drawer.locator('#contact-email').fill(`juergen.neu.${tag}@example.test`)
    await tap(drawer.getByTestId('form-save'))
    const candidate = drawer.getByTestId('duplicate-candidate').filter({ hasText: `Jürgen Müller${tag}` })
    await candidate.waitFor()
    await candidate.scrollIntoViewIfNeeded()
    // The warning fades in: its screenshot once it is there in full.
    await expect.poll(() => candidate.evaluate(el => getComputedStyle(el.closest('.p-message')!).opacity)).toBe('1')
    await screenshot(page, `merge-${size}-warning`)
    await tap(candidate.getByTestId('duplicate-merge'))

    // On the existing contact's page, the dialog: both side by side, a choice where they differ.
    await page.waitForURL(url => url.pathname === `/contacts/${existing.id}` && url.searchParams.has('merge'))
    const newId = new URL(page.url()).searchParams.get('merge')!
    const dialog = page.getByTestId('merge-dialog')
    await dialog.getByTestId('merge-table').waitFor()
    await expect(dialog.getByTestId('merge-table').locator('thead').textContent()).resolves.toContain(`Jürgen Müller${tag} ${text.stays}`)
    expect(await dialog.getByTestId('merge-row-firstName').locator('input[type=radio]').count()).toBe(2)
    // The same in both: no choice to make.
    expect(await dialog.getByTestId('merge-row-position').locator('input[type=radio]').count()).toBe(0)
    await expect(dialog.getByTestId('merge-choice-firstName-mine').locator('input').isChecked()).resolves.toBe(true)
    await tap(dialog.getByTestId('merge-choice-email-theirs'))
    await expect(dialog.getByTestId('merge-choice-email-theirs').locator('input').isChecked()).resolves.toBe(true)
    await tap(dialog.getByTestId('merge-preview-button'))
    const preview = dialog.getByTestId('merge-preview')
    await preview.waitFor()
    await expect(preview.textContent()).resolves.toContain(`juergen.neu.${tag}@example.test`)
    await expect(preview.textContent()).resolves.toContain(`Müller${tag}`)
    // The preview wrote nothing.
    expect((await api('GET', `/api/v1/contacts/${newId}`)).status).toBe(200)
    await screenshot(page, `merge-${size}-dialog`)

    await tap(dialog.getByTestId('merge-confirm'))
    await dialog.waitFor({ state: 'detached' })
    await page.getByTestId('merge-toast').waitFor()
    await page.waitForURL(url => !url.searchParams.has('merge'))
    const banner = page.getByTestId('merge-banner')
    await banner.waitFor()
    await expect(banner.textContent()).resolves.toContain(`Juergen Mueller${tag}`)
    await expect(banner.textContent()).resolves.toContain(text.merged)
    await expect.poll(() => page.locator('main').textContent()).toContain(`juergen.neu.${tag}@example.test`)
    await expect(page.getByTestId('record-title').textContent()).resolves.toContain(`Jürgen Müller${tag}`)
    await screenshot(page, `merge-${size}-merged`)
    const gone = await api('GET', `/api/v1/contacts/${newId}`)
    expect(gone).toMatchObject({ status: 404, error: { code: 'NOT_FOUND', details: { mergedInto: existing.id } } })
    expect((await api<{ contactId: string }>('GET', `/api/v1/activities/${call$.id}`)).data.contactId).toBe(existing.id)

    // Undo: from the toast with the mouse, from the banner by touch.
    await tap(size === 'desktop' ? page.getByTestId('merge-toast-undo') : banner.getByTestId('merge-undo'))
    await page.locator('.p-toast-message').filter({ hasText: text.undone }).waitFor()
    await banner.waitFor({ state: 'detached' })
    await expect.poll(() => page.locator('main').textContent()).toContain(`jm.${tag}@example.test`)
    expect((await api<{ email: string }>('GET', `/api/v1/contacts/${newId}`)).data.email).toBe(`juergen.neu.${tag}@example.test`)
    expect((await api<unknown[]>('GET', `/api/v1/contacts?q=${tag}`)).data).toHaveLength(2)
    await screenshot(page, `merge-${size}-undone`)
    await page.context().close()
  })

  it('merges a company picked on its page', async () => {
    const tag = unique()
    const keep = (await api<{ id: string }>('POST', '/api/v1/companies', { name: `Nordlicht ${tag} GmbH`, address: { city: 'Kiel' } })).data
    const other = (await api<{ id: string, name: string }>('POST', '/api/v1/companies?allowDuplicate=true', { name: `Nordlicht ${tag}`, website: `https://nordlicht-${tag}.de` })).data
    const person = (await api<{ id: string }>('POST', '/api/v1/contacts', { firstName: 'Ole', lastName: `Hansen${tag}`, companyId: other.id })).data
    const page = await newPage()
    await open(page, `/companies/${keep.id}`)
    await tap(page.getByTestId('record-merge'))
    const dialog = page.getByTestId('merge-dialog')
    const option = page.locator('.p-autocomplete-option').filter({ hasText: new RegExp(`^Nordlicht ${tag}(?! GmbH)`) })
    // Typed again if the suggestions did not come (the search runs after a pause in typing).
    for (let attempt = 0; attempt < 3 && !await option.isVisible(); attempt++) {
      await dialog.locator('#merge-other').fill('')
      await dialog.locator('#merge-other').fill(`Nordlicht ${tag}`)
      await option.waitFor({ timeout: 5000 }).catch(() => {})
    }
    await tap(option)
    await dialog.getByTestId('merge-table').waitFor()
    // The website only the other one has is taken without asking twice.
    await expect(dialog.getByTestId('merge-choice-website-theirs').locator('input').isChecked()).resolves.toBe(true)
    if (size === 'tablet') await screenshot(page, 'merge-tablet-company-dialog')
    await tap(dialog.getByTestId('merge-confirm'))
    await page.getByTestId('merge-banner').waitFor()
    await expect.poll(() => page.locator('main').textContent()).toContain(`Ole Hansen${tag}`)
    expect((await api<{ companyId: string }>('GET', `/api/v1/contacts/${person.id}`)).data.companyId).toBe(keep.id)
    expect((await api('GET', `/api/v1/companies/${other.id}`)).error).toMatchObject({ details: { mergedInto: keep.id } })
    await page.context().close()
  })
})
