import { readFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { collectErrors, hydrated, launchBrowser, signIn, VIEWPORTS } from '../support/browser'
import { call } from '../support/http'
import { fixture } from '../support/imports'

const PASSWORD = 'a sturdy passphrase 42'
const unique = () => randomBytes(3).toString('hex')

let browser: Browser
const errors: string[] = []

/** An organization of its own per viewport, so the history and the counts are this test's alone. */
async function newOrganization() {
  const email = `imports-${unique()}@example.test`
  const registered = await call('POST', '/api/v1/auth/register', {
    body: { organizationName: `Imports ${unique()} GmbH`, name: 'Ida Import', email, password: PASSWORD },
  })
  expect(registered.status, registered.text).toBe(201)
  const token = registered.body.data.accessToken as string
  expect((await call('PUT', '/api/v1/auth/me', { token, body: { locale: 'en' } })).status).toBe(200)
  return { email, token }
}

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  expect(errors).toEqual([])
})

describe.each(VIEWPORTS)('CSV import in Chromium at $name size', ({ viewport, hasTouch }) => {
  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Berlin', viewport, hasTouch, isMobile: false, baseURL: inject('baseUrl'), acceptDownloads: true })
    return collectErrors(await context.newPage(), errors)
  }
  const tap = (target: Locator) => (hasTouch ? target.tap() : target.click())

  it('uploads a German Excel file, maps, previews, runs with progress, and undoes it from the history', async () => {
    const org = await newOrganization()
    const page = await newPage()
    await signIn(page, { email: org.email, password: PASSWORD })
    await tap(page.locator('nav a[href="/imports"]').first())
    await page.waitForURL(url => url.pathname === '/imports')
    await hydrated(page)

    await page.getByTestId('import-file').setInputFiles({ name: 'kontakte.csv', mimeType: 'text/csv', buffer: Buffer.from(fixture('kontakte-excel.csv')) })
    await tap(page.getByTestId('import-upload-submit'))
    const current = page.getByTestId('import-current')
    await current.waitFor()
    await expect.poll(() => current.textContent()).toContain('windows-1252')
    // The guessed mapping: "Vorname" → First name; "Stadt" has no contact field.
    expect(await page.getByTestId('map-0').textContent()).toContain('First name')
    expect(await page.getByTestId('map-6').textContent()).toContain('Not imported')

    await tap(page.getByTestId('import-preview'))
    const preview = page.getByTestId('import-preview-table')
    await preview.waitFor()
    expect(await page.getByTestId('preview-line-2').textContent()).toContain('Jürgen')
    expect(await page.getByTestId('preview-line-5').textContent()).toContain('email: must be an email address')
    expect(await page.getByTestId('preview-line-6').textContent()).toContain('Leiterin')

    await tap(page.getByTestId('import-start'))
    await expect.poll(() => page.getByTestId('import-summary').textContent(), { timeout: 30_000 }).toBe('5 created, 0 updated, 1 skipped, 3 rejected')
    await expect.poll(() => page.getByTestId('import-status').textContent()).toBe('Completed')
    const download = page.waitForEvent('download')
    await tap(page.getByTestId('import-errors'))
    const errorsFile = await readFile((await (await download).path())!, 'utf8')
    expect(errorsFile).toBe('\uFEFFline;reason\n5;email: must be an email address\n10;firstName: Too small: expected string to have >=1 characters\n14;email: must be an email address\n')

    // A bigger file: the progress bar reads the server's progress until the run ends.
    await tap(page.getByTestId('import-new'))
    const many = ['First name,Last name,Email', ...Array.from({ length: 4000 }, (_, i) => `Viele${i},Zeilen,viele.${i}@import.example`)].join('\n')
    await page.getByTestId('import-file').setInputFiles({ name: 'viele.csv', mimeType: 'text/csv', buffer: Buffer.from(many) })
    await tap(page.getByTestId('import-upload-submit'))
    await page.getByTestId('import-start').waitFor()
    await tap(page.getByTestId('import-start'))
    await page.getByTestId('import-progress').waitFor()
    expect(Number(await page.getByTestId('import-progress').getAttribute('aria-valuenow'))).toBeLessThan(100)
    await expect.poll(() => page.getByTestId('import-summary').textContent(), { timeout: 60_000 }).toBe('4000 created, 0 updated, 0 skipped, 0 rejected')
    await page.getByTestId('import-progress').waitFor({ state: 'detached' })

    // History: both imports; undo the first one.
    const history = page.getByTestId('import-history')
    const first = history.locator('tr').filter({ hasText: 'kontakte.csv' })
    await first.waitFor()
    await tap(first.getByRole('button', { name: 'Undo' }))
    await tap(page.locator('.p-confirmdialog').getByRole('button', { name: 'Undo' }))
    await page.locator('.p-toast-message').filter({ hasText: 'The import was undone.' }).first().waitFor()
    await expect.poll(() => first.textContent()).toContain('Undone')
    const left = await call('GET', '/api/v1/contacts?limit=1', { token: org.token })
    expect(left.body.meta.total).toBe(4000)
  }, 180_000)

  it('exports the contact list with its search as CSV with the column names of the UI', async () => {
    const org = await newOrganization()
    for (const last of ['Export', 'Andere']) {
      expect((await call('POST', '/api/v1/contacts', { token: org.token, body: { firstName: 'Eva', lastName: last, email: `eva.${last.toLowerCase()}@example.test` } })).status).toBe(201)
    }
    const page = await newPage()
    await signIn(page, { email: org.email, password: PASSWORD })
    await page.goto('/contacts?q=export')
    await hydrated(page)
    const download = page.waitForEvent('download')
    await tap(page.getByTestId('export-csv'))
    const file = await download
    expect(file.suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/)
    const lines = (await readFile((await file.path())!, 'utf8')).trimEnd().split('\n')
    expect(lines[0]).toBe('\uFEFFID,First name,Last name,Email,Phone,Position,Company,Owner,Tags,Created,Updated')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain(',Eva,Export,eva.export@example.test,')
  }, 120_000)
})
