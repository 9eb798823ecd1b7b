import { readFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { strFromU8, unzipSync } from 'fflate'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { collectErrors, hydrated, launchBrowser, signIn } from '../support/browser'
import { call } from '../support/http'

const PASSWORD = 'a sturdy passphrase 42'
const unique = () => randomBytes(3).toString('hex')

let browser: Browser
const errors: string[] = []
const org = { email: '', token: '' }

async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read whatever JSON came back
  const res = await call(method, path, { token: org.token, body })
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`)
  return res.body.data as T
}

beforeAll(async () => {
  browser = await launchBrowser()
  org.email = `privacy-${unique()}@example.test`
  const registered = await call('POST', '/api/v1/auth/register', {
    body: { organizationName: `Privacy ${unique()} GmbH`, name: 'Paula Privacy', email: org.email, password: PASSWORD },
  })
  expect(registered.status, registered.text).toBe(201)
  org.token = registered.body.data.accessToken
  await api('PUT', '/api/v1/auth/me', { locale: 'en' })
})

afterAll(async () => {
  await browser?.close()
  expect(errors).toEqual([])
})

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Berlin', viewport: { width: 1440, height: 900 }, baseURL: inject('baseUrl'), acceptDownloads: true })
  return collectErrors(await context.newPage(), errors)
}

describe('DSGVO on the contact page in Chromium', () => {
  it('records consent, downloads the personal-data export and erases the person after typing the name', async () => {
    const tag = unique()
    const contact = await api<{ id: string }>('POST', '/api/v1/contacts', { firstName: 'Ottilie', lastName: `Ostwind${tag}`, email: `ottilie.${tag}@example.test` })
    const deal = await api<{ id: string }>('POST', '/api/v1/deals', { title: `Wartungsvertrag ${tag}`, pipelineId: (await api<{ id: string }[]>('GET', '/api/v1/pipelines'))[0]!.id, contactId: contact.id })
    const name = `Ottilie Ostwind${tag}`
    const page = await newPage()
    await signIn(page, { email: org.email, password: PASSWORD })
    await page.goto(`/contacts/${contact.id}`)
    await hydrated(page)

    // Consent: appended to the ledger and shown at once.
    const consents = page.getByTestId('privacy-consents')
    await consents.getByText('No consent recorded.').waitFor()
    await page.getByTestId('privacy-consent-add').click()
    await page.getByTestId('consent-purpose').fill('Newsletter')
    await page.getByTestId('consent-source').fill('Trade fair')
    await page.getByTestId('consent-save').click()
    await page.locator('.p-toast-message').filter({ hasText: 'Consent recorded.' }).first().waitFor()
    const entry = page.getByTestId('privacy-consent-entry')
    await entry.filter({ hasText: 'Newsletter' }).waitFor()
    expect(await entry.first().textContent()).toContain('Granted')
    expect(await entry.first().textContent()).toContain('Trade fair')

    // Export: a real download, a zip with the person's data and the consent just recorded.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('privacy-export').click()])
    expect(download.suggestedFilename()).toMatch(new RegExp(`^personal-data-${contact.id}-\\d{4}-\\d{2}-\\d{2}\\.zip$`))
    const files = unzipSync(new Uint8Array(await readFile((await download.path())!)))
    const data = JSON.parse(strFromU8(files['personal-data.json']!))
    expect(data.contact).toMatchObject({ id: contact.id, lastName: `Ostwind${tag}` })
    expect(data.consents).toEqual([expect.objectContaining({ purpose: 'Newsletter', source: 'Trade fair', status: 'granted' })])

    // Erasure: the button stays disabled until the name is typed exactly.
    await page.getByTestId('privacy-erase').click()
    const dialog = page.getByTestId('privacy-erase-dialog')
    await dialog.waitFor()
    await page.getByTestId('privacy-erase-reason').fill('Request by email of today')
    await page.getByTestId('privacy-erase-confirm').fill('Ottilie')
    expect(await page.getByTestId('privacy-erase-accept').isDisabled()).toBe(true)
    await page.getByTestId('privacy-erase-confirm').fill(name)
    expect(await page.getByTestId('privacy-erase-accept').isDisabled()).toBe(false)
    await page.getByTestId('privacy-erase-accept').click()
    await page.waitForURL(url => url.pathname === '/contacts')
    await page.locator('.p-toast-message').filter({ hasText: `${name} was erased.` }).first().waitFor()

    expect((await call('GET', `/api/v1/contacts/${contact.id}`, { token: org.token })).status).toBe(404)
    expect((await call('GET', `/api/v1/deals/${deal.id}`, { token: org.token })).body.data).toMatchObject({ contactId: null })
    const log = await api<{ contactId: string, reason: string }[]>('GET', '/api/v1/privacy/erasures')
    expect(log[0]).toMatchObject({ contactId: contact.id, reason: 'Request by email of today' })

    // Settings → Privacy lists the erasure; a retention preview shows what would go.
    await page.goto('/settings/privacy')
    await hydrated(page)
    await page.getByTestId('privacy-erasures').getByText('Request by email of today').waitFor()
    await page.locator('#retention-months-activities_completed').fill('6')
    // InputNumber commits its value when the field is left.
    await page.locator('#retention-months-activities_completed').press('Tab')
    await page.getByTestId('retention-save-activities_completed').click()
    await page.locator('.p-toast-message').filter({ hasText: 'Rule saved.' }).first().waitFor()
    await page.getByTestId('retention-preview-activities_completed').click()
    await page.getByTestId('retention-preview-list-activities_completed').getByText('Nothing would go now.').waitFor()
    await page.getByTestId('retention-runs').getByText('Preview').first().waitFor()

    // The audit log offers the erasure as an action, names it, and links no page that is gone.
    await page.goto('/settings/audit?action=contact.erase')
    await hydrated(page)
    const erasure = page.getByTestId('audit-table').locator('tbody tr').first()
    await expect(erasure.getByTestId('audit-action').textContent()).resolves.toBe('Contact erased (Art. 17)')
    await expect(erasure.getByRole('link', { name: 'Open record' }).count()).resolves.toBe(0)
    // …while a record that still exists keeps its link.
    await page.goto('/settings/audit?action=deal.create')
    await hydrated(page)
    await page.getByTestId('audit-table').locator('tbody tr').first().getByRole('link', { name: 'Open record' }).waitFor()
  })
})

describe('the scheduled deletion of the organization in Chromium', () => {
  it('shows a banner on every page during the grace period, and the owner cancels it in Settings → Privacy', async () => {
    const organization = await api<{ name: string }>('GET', '/api/v1/organization')
    await api('POST', '/api/v1/organization/deletion', { confirmName: organization.name })
    const page = await newPage()
    await signIn(page, { email: org.email, password: PASSWORD })
    await page.goto('/contacts')
    await hydrated(page)
    const banner = page.getByTestId('organization-deletion-banner')
    await banner.waitFor()
    expect(await banner.textContent()).toContain(`${organization.name} is scheduled for deletion on`)
    await banner.getByRole('link').click()
    await page.waitForURL(url => url.pathname === '/settings/privacy')
    await page.getByTestId('organization-deletion-scheduled').waitFor()
    await page.getByTestId('organization-delete-cancel').click()
    await page.locator('.p-toast-message').filter({ hasText: 'The deletion was canceled.' }).first().waitFor()
    await banner.waitFor({ state: 'detached' })
    expect((await api<{ scheduled: unknown }>('GET', '/api/v1/organization/deletion')).scheduled).toBeNull()
  })
})
