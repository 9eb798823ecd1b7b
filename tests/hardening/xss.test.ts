import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { hydrated, launchBrowser, signIn } from '../support/browser'
import { make, unique } from '../support/crm'
import { call } from '../support/http'
import { report } from './support'

// Stored XSS: hostile strings in every free-text field of every kind of record, then
// every screen that shows them, in Chromium. They must render as text: no script runs,
// no element or attribute comes out of the data, no dialog opens.

/** A payload for one field: a visible marker, then markup that would run if it were ever parsed as HTML. */
const hostile = (field: string) => `XSS·${field}<img src=x onerror="window.__xss='${field}'"><svg onload="window.__xss='${field}'">`
/** Shorter, for fields of at most 50 characters. */
const hostileShort = (field: string) => `XSS·${field}<svg onload=window.__xss=1>`

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

interface Seeded { account: { email: string, password: string }, ids: Record<'company' | 'contact' | 'deal', string>, fields: number }

async function seedHostileOrganization(): Promise<Seeded> {
  const account = { email: `xss-${unique()}@example.test`, password: 'a sturdy passphrase 42' }
  const res = await call('POST', '/api/v1/auth/register', { body: { organizationName: hostile('org'), name: hostile('user'), ...account } })
  expect(res.status, res.text).toBe(201)
  const token = res.body.data.accessToken as string
  let fields = 2
  const company = await make(token, '/api/v1/companies', {
    name: hostile('company'), industry: hostile('industry'), phone: hostileShort('cphone'),
    address: { street: hostile('street'), postalCode: 'XSS<b>1</b>', city: hostile('city') },
  })
  fields += 6
  const contact = await make(token, '/api/v1/contacts', {
    firstName: hostile('first'), lastName: hostile('last'), phone: hostileShort('phone'), position: hostile('position'),
    companyId: company.id, tags: [hostileShort('tag')],
  })
  fields += 5
  const pipeline = await make(token, '/api/v1/pipelines', {
    name: hostile('pipeline'),
    stages: [{ name: hostile('stage'), probability: 20, kind: 'open' }, { name: hostileShort('won'), probability: 100, kind: 'won' }, { name: hostileShort('lost'), probability: 0, kind: 'lost' }],
  })
  fields += 4
  const deal = await make(token, '/api/v1/deals', { title: hostile('deal'), value: '1000', pipelineId: pipeline.id, contactId: contact.id, companyId: company.id })
  fields += 1
  for (const type of ['call', 'note', 'task'] as const) {
    await make(token, '/api/v1/activities', {
      type, subject: hostile(`${type}-subject`), note: hostile(`${type}-note`), contactId: contact.id, dealId: deal.id,
      ...(type === 'task' ? { dueAt: new Date().toISOString() } : {}),
    })
    fields += 2
  }
  await make(token, '/api/v1/api-keys', { name: hostile('apikey'), scope: 'read' })
  fields += 1
  // An update, so the audit viewer and timelines show hostile from → to values.
  const update = await call('PUT', `/api/v1/contacts/${contact.id}`, { token, body: { position: hostile('position2') } })
  expect(update.status, update.text).toBe(200)
  return { account, ids: { company: company.id, contact: contact.id, deal: deal.id }, fields }
}

/** What the data may have smuggled into the page. */
async function injected(page: Page) {
  return page.evaluate(() => ({
    ran: (window as { __xss?: unknown }).__xss ?? null,
    elements: [...document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload]')].map(e => e.outerHTML.slice(0, 120)),
  }))
}

describe('stored XSS', () => {
  it('hostile strings in every text field render inert on every screen', async () => {
    const seeded = await seedHostileOrganization()
    const context = await browser.newContext({ baseURL: inject('baseUrl'), locale: 'en-GB', viewport: { width: 1440, height: 900 } })
    const page = await context.newPage()
    const dialogs: string[] = []
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message())
      void dialog.dismiss()
    })
    await signIn(page, seeded.account)
    const screens = [
      '/', '/contacts', `/contacts/${seeded.ids.contact}`, '/companies', `/companies/${seeded.ids.company}`,
      '/deals', `/deals/${seeded.ids.deal}`, '/activities', '/settings', '/settings/members', '/settings/pipelines',
      '/settings/api-keys', '/settings/audit',
    ]
    const problems: string[] = []
    for (const path of screens) {
      await page.goto(path)
      await hydrated(page)
      // Every screen shows at least one of the hostile values (as text) once its data is in.
      await page.getByText('XSS·', { exact: false }).first().waitFor({ timeout: 15_000 }).catch(() => problems.push(`${path}: no hostile value shown`))
      const found = await injected(page)
      if (found.ran || found.elements.length) problems.push(`${path}: ${JSON.stringify(found)}`)
    }
    // The command palette lists the hostile records too.
    await page.goto('/')
    await hydrated(page)
    // The header button (the shortcut toggles, and is tested in tests/e2e/board.test.ts).
    await page.getByTestId('palette-button').click()
    const input = page.locator('#palette-input')
    await input.waitFor()
    await input.pressSequentially('xss first', { delay: 20 })
    await page.getByRole('option', { name: /XSS·first/ }).first().waitFor({ timeout: 15_000 }).catch(() => problems.push('palette: no results'))
    const palette = await injected(page)
    if (palette.ran || palette.elements.length) problems.push(`palette: ${JSON.stringify(palette)}`)

    expect(problems).toEqual([])
    expect(dialogs).toEqual([])
    await context.close()
    report('stored XSS in Chromium', { hostileFields: seeded.fields, screens: screens.length + 1 },
      'every screen showed the hostile values as text; no script ran, no element or handler came out of the data, no dialog opened')
  }, 300_000)
})
