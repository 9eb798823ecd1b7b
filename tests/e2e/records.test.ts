import { randomBytes } from 'node:crypto'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { collectErrors, hydrated, launchBrowser, screenshot, signIn, typeDate, VIEWPORTS } from '../support/browser'
import { call } from '../support/http'
import { waitForMails } from '../support/mail-server'

const PASSWORD = 'a sturdy passphrase 42'
const unique = () => randomBytes(3).toString('hex')

let browser: Browser
const errors: string[] = []
/** An organization of its own, so these tests neither see nor disturb the demo data. */
const org = { email: '', token: '', userId: '', viewer: { email: '', password: PASSWORD }, colleague: { id: '', name: '' } }

async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read whatever JSON came back
  const res = await call(method, path, { token: org.token, body })
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`)
  return res.body.data as T
}

/** Invites someone with `role` and accepts through the mailed link, as a person would. */
async function join(role: 'member' | 'viewer', name: string) {
  const email = `${role}-${unique()}@example.test`
  await api('POST', '/api/v1/invitations', { email, role, locale: 'en' })
  const [mail] = await waitForMails(inject('mailServerUrl'), email)
  const token = mail?.text?.match(/accept-invite\?token=(inv_[\w-]+)/)?.[1]
  if (!token) throw new Error(`no invitation for ${email}`)
  const accepted = await call('POST', '/api/v1/auth/accept-invite', { body: { token, name, password: PASSWORD } })
  expect(accepted.status, accepted.text).toBe(201)
  return { email, id: accepted.body.data.user.id as string }
}

beforeAll(async () => {
  browser = await launchBrowser()
  org.email = `records-${unique()}@example.test`
  const registered = await call('POST', '/api/v1/auth/register', {
    body: { organizationName: `Records ${unique()} GmbH`, name: 'Rita Records', email: org.email, password: PASSWORD },
  })
  expect(registered.status, registered.text).toBe(201)
  org.token = registered.body.data.accessToken
  org.userId = registered.body.data.user.id
  await api('PUT', '/api/v1/auth/me', { locale: 'en' })
  const viewer = await join('viewer', 'Vera Viewer')
  org.viewer.email = viewer.email
  const colleague = await join('member', 'Carl Colleague')
  org.colleague = { id: colleague.id, name: 'Carl Colleague' }
})

afterAll(async () => {
  await browser?.close()
  expect(errors).toEqual([])
})

describe.each(VIEWPORTS)('records in Chromium at $name size', ({ name: size, viewport, hasTouch }) => {
  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Berlin', viewport, hasTouch, isMobile: false, baseURL: inject('baseUrl') })
    return collectErrors(await context.newPage(), errors)
  }
  // Touch taps on the tablet, mouse clicks on the desktop.
  const tap = (target: Locator) => (hasTouch ? target.tap() : target.click())
  async function open(page: Page, path: string) {
    await page.goto(path)
    await hydrated(page)
  }
  const drawer = (page: Page) => page.locator('.p-drawer')
  /** Waits for a toast saying `text`. */
  const toast = (page: Page, text: string) => page.locator('.p-toast-message').filter({ hasText: text }).first().waitFor()

  it('creates a company and a contact, correcting an invalid email on the way, then logs a call and schedules a task', async () => {
    const page = await newPage()
    await signIn(page, { email: org.email, password: PASSWORD })
    const company = `Nordlicht ${unique()} GmbH`
    const lastName = `Brandt-${unique()}`

    await open(page, '/companies')
    await tap(page.getByTestId('company-create'))
    await drawer(page).locator('#company-name').fill(company)
    await drawer(page).locator('#company-city').fill('Hamburg')
    await drawer(page).locator('#company-country').fill('de')
    await tap(drawer(page).getByTestId('form-save'))
    await drawer(page).waitFor({ state: 'detached' })
    // After saving, on the company just created.
    await page.waitForURL(url => /^\/companies\/[\w-]+$/.test(url.pathname))
    await expect(page.getByTestId('record-title').textContent()).resolves.toContain(company)

    await open(page, '/contacts')
    const creates: string[] = []
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/contacts') creates.push(request.postData() ?? '')
    })
    await tap(page.getByTestId('contact-create'))
    await drawer(page).locator('#contact-firstName').fill('Hanna')
    await drawer(page).locator('#contact-lastName').fill(lastName)
    await drawer(page).locator('#contact-email').fill('hanna.brandt(at)nordlicht')
    await drawer(page).locator('#contact-company').fill(company.slice(0, 12))
    await tap(page.locator('.p-autocomplete-option').filter({ hasText: company }))
    // The pick took: the field shows the whole name (a lost pick would save the contact without its company).
    await expect.poll(() => drawer(page).locator('#contact-company').inputValue()).toBe(company)
    await tap(drawer(page).getByTestId('form-save'))
    // Refused in the browser before any request, with the field named and translated.
    await expect(drawer(page).locator('#contact-email-error').textContent()).resolves.toBe('Please enter a valid email address.')
    await expect(drawer(page).locator('#contact-email').getAttribute('aria-describedby')).resolves.toBe('contact-email-error')
    // Her own address at each size: the same one twice would be refused as a duplicate.
    const email = `hanna.${lastName.toLowerCase()}@nordlicht.example`
    await drawer(page).locator('#contact-email').fill(email)
    await tap(drawer(page).getByTestId('form-save'))
    await drawer(page).waitFor({ state: 'detached' })
    await toast(page, `Hanna ${lastName} was added.`)
    await page.waitForURL(url => /^\/contacts\/[\w-]+$/.test(url.pathname))
    // The invalid email never reached the server: only the corrected form was sent.
    expect(creates).toHaveLength(1)
    expect(JSON.parse(creates[0]!)).toMatchObject({ email, lastName })

    await open(page, `/contacts?q=${lastName}`)
    await tap(page.getByTestId('contact-link').filter({ hasText: lastName }))
    await page.waitForURL(url => /^\/contacts\/[\w-]+$/.test(url.pathname))
    await expect(page.getByTestId('record-title').textContent()).resolves.toContain(`Hanna ${lastName}`)
    await expect(page.getByTestId('contact-company-link').textContent()).resolves.toContain(company)
    const contactId = new URL(page.url()).pathname.split('/').pop()!
    const timeline = page.getByTestId('timeline')
    // The audit trail is on the timeline from the start: the contact was created.
    await timeline.getByTestId('timeline-change').filter({ hasText: 'Created' }).waitFor()

    const call_ = `First call ${unique()}`
    await tap(timeline.getByTestId('quick-call'))
    await drawer(page).locator('#activity-subject').fill(call_)
    await drawer(page).locator('#activity-note').fill('Interested in the annual plan.')
    await tap(drawer(page).getByTestId('form-save'))
    await drawer(page).waitFor({ state: 'detached' })
    await timeline.getByTestId('timeline-activity').filter({ hasText: call_ }).waitFor()

    const task = `Send offer ${unique()}`
    await tap(timeline.getByTestId('quick-task'))
    await drawer(page).locator('#activity-subject').fill(task)
    await typeDate(drawer(page).locator('#activity-due'), '2031-03-14T10:30')
    await tap(drawer(page).getByTestId('form-save'))
    await drawer(page).waitFor({ state: 'detached' })
    const taskEntry = timeline.getByTestId('timeline-activity').filter({ hasText: task })
    await taskEntry.waitFor()
    await expect(taskEntry.textContent()).resolves.toContain('Due 14 Mar 2031, 10:30')
    // Newest first: the task was added after the call, and both after the contact was created.
    const entries = await timeline.locator('li[data-testid^="timeline-"]').allTextContents()
    expect(entries.findIndex(text => text.includes(task))).toBeLessThan(entries.findIndex(text => text.includes(call_)))

    // Both are still there after a reload, rendered by the server.
    await page.reload()
    await hydrated(page)
    await expect(page.getByTestId('timeline').textContent()).resolves.toContain(call_)
    if (size === 'tablet') await screenshot(page, 'contact-detail')

    // The task waits on the activities page and is done in one tap.
    await open(page, `/activities?q=${encodeURIComponent(task)}`)
    const toggle = page.getByTestId('activity-toggle')
    await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('false')
    await tap(toggle)
    await page.locator('[data-testid="activity-toggle"][aria-pressed="true"]').waitFor()
    await toast(page, `“${task}” is done.`)
    const [stored] = await api<{ completedAt: string | null }[]>('GET', `/api/v1/activities?contactId=${contactId}&type=task`)
    expect(stored!.completedAt).not.toBeNull()
    if (size === 'tablet') {
      await open(page, '/activities?scope=team&due=all')
      await screenshot(page, 'activities')
    }

    // The company shows its contact; the deal page shows stage history and the timeline.
    const companyRecord = (await api<{ id: string, name: string }[]>('GET', `/api/v1/companies?q=${encodeURIComponent(company)}`))[0]!
    await open(page, `/companies/${companyRecord.id}`)
    await page.getByTestId('company-contacts').getByText(`Hanna ${lastName}`).waitFor()
    if (size === 'tablet') await screenshot(page, 'company-detail')

    const pipelines = await api<{ id: string }[]>('GET', '/api/v1/pipelines')
    const deal = await api<{ id: string }>('POST', '/api/v1/deals', { title: `Annual plan ${unique()}`, value: '12500', pipelineId: pipelines[0]!.id, contactId, companyId: companyRecord.id })
    await open(page, `/deals/${deal.id}`)
    await expect(page.getByTestId('stage-history').locator('li').count()).resolves.toBe(1)
    await expect(page.getByTestId('record-title').textContent()).resolves.toContain('Annual plan')
    if (size === 'tablet') await screenshot(page, 'deal-detail')
    await tap(page.getByTestId('deal-won'))
    await page.getByTestId('deal-status').filter({ hasText: /^Won$/ }).waitFor()
    await page.getByTestId('stage-history').locator('li').nth(1).waitFor()
    await expect(page.getByTestId('stage-history').locator('li').count()).resolves.toBe(2)
    await page.context().close()
  })

  it('tags several contacts and assigns them an owner in one go', async () => {
    const batch = `Bulk${unique()}`
    const contacts = await Promise.all(['Ada', 'Ben', 'Cem'].map(first => api<{ id: string }>('POST', '/api/v1/contacts', { firstName: first, lastName: batch })))
    const page = await newPage()
    await signIn(page, { email: org.email, password: PASSWORD })
    await open(page, `/contacts?q=${batch}`)
    const rows = page.locator('.p-datatable-tbody tr')
    await expect(rows.count()).resolves.toBe(3)
    for (const row of await rows.all()) await tap(row.locator('.p-checkbox'))
    await page.getByTestId('bulk-bar').filter({ hasText: '3 contacts selected' }).waitFor()

    const tag = `fair-${unique()}`
    await tap(page.getByTestId('bulk-add-tag'))
    await page.locator('#bulk-tag').fill(tag)
    await tap(page.getByTestId('bulk-apply'))
    await toast(page, 'Tag added to 3 contacts (3 changed).')
    await page.getByTestId('bulk-bar').waitFor({ state: 'detached' })
    await rows.filter({ hasText: tag }).nth(2).waitFor()

    for (const row of (await rows.all()).slice(0, 2)) await tap(row.locator('.p-checkbox'))
    await tap(page.getByTestId('bulk-assign'))
    await tap(page.locator('.p-dialog .p-select'))
    await tap(page.getByRole('option', { name: org.colleague.name }))
    await page.locator('.p-dialog .p-select').filter({ hasText: org.colleague.name }).waitFor()
    await page.locator('.p-select-overlay').waitFor({ state: 'detached' })
    await tap(page.getByTestId('bulk-apply'))
    await toast(page, 'Owner set for 2 contacts')
    await rows.filter({ hasText: org.colleague.name }).nth(1).waitFor()
    await expect(rows.filter({ hasText: org.colleague.name }).count()).resolves.toBe(2)
    if (size === 'tablet') await screenshot(page, 'contacts-list')

    // What the screen says is what the server stored.
    const stored = await Promise.all(contacts.map(c => api<{ id: string, ownerId: string, tags: string[] }>('GET', `/api/v1/contacts/${c.id}`)))
    expect(stored.every(c => c.tags.includes(tag))).toBe(true)
    expect(stored.filter(c => c.ownerId === org.colleague.id)).toHaveLength(2)

    // The tag filter lives in the URL and survives a reload.
    await open(page, `/contacts?tag=${tag}`)
    await expect(rows.count()).resolves.toBe(3)
    await page.context().close()
  })

  it('offers the next step when a deal\'s last open task is done, and not while it has another', async () => {
    const [pipeline] = await api<{ id: string }[]>('GET', '/api/v1/pipelines')
    const deal = await api<{ id: string, title: string }>('POST', '/api/v1/deals', { title: `Anlage ${unique()}`, value: '1200', pipelineId: pipeline!.id })
    const batch = `Step${unique()}`
    const [first] = await Promise.all(['one', 'two'].map(word => api<{ id: string }>('POST', '/api/v1/activities', { type: 'task', subject: `${batch} ${word}`, dueAt: '2031-01-01T09:00:00Z', dealId: deal.id })))
    const page = await newPage()
    await signIn(page, { email: org.email, password: PASSWORD })
    await open(page, `/activities?q=${batch}`)
    const row = (word: string) => page.locator('.p-datatable-tbody tr').filter({ hasText: `${batch} ${word}` })
    // The deal still has "two": no prompt.
    await tap(row('one').getByTestId('activity-toggle'))
    await toast(page, `“${batch} one” is done.`)
    await expect.poll(async () => (await api<{ completedAt: string | null }>('GET', `/api/v1/activities/${first!.id}`)).completedAt).not.toBeNull()
    await expect(page.getByTestId('next-step').count()).resolves.toBe(0)
    // Its last open task done: the prompt asks, linked to the deal; "Cancel" leaves it at that.
    await tap(row('two').getByTestId('activity-toggle'))
    const prompt = page.getByTestId('next-step')
    await expect(prompt.textContent()).resolves.toContain(`“${batch} two” is done. What is the next step for ${deal.title}?`)
    if (size === 'tablet') await screenshot(page, 'next-step')
    await tap(prompt.getByTestId('form-cancel'))
    await prompt.waitFor({ state: 'detached' })
    expect((await api<{ nextActivity: unknown }>('GET', `/api/v1/deals/${deal.id}`)).nextActivity).toBeNull()
    await page.context().close()
  })

  it('completes a task in one tap and rolls the row back with a message when the server refuses', async () => {
    const batch = `Ticket${unique()}`
    const [kept, gone] = await Promise.all(['kept', 'gone'].map(word => api<{ id: string }>('POST', '/api/v1/activities', { type: 'task', subject: `${batch} ${word}`, dueAt: '2031-01-01T09:00:00Z' })))
    const page = await newPage()
    await signIn(page, { email: org.email, password: PASSWORD })
    await open(page, `/activities?q=${batch}`)
    const row = (word: string) => page.locator('.p-datatable-tbody tr').filter({ hasText: `${batch} ${word}` })
    await row('gone').waitFor()

    // Someone else deletes the task meanwhile: the tap shows done at once, then undoes it and says why.
    await api('DELETE', `/api/v1/activities/${gone!.id}`)
    await tap(row('gone').getByTestId('activity-toggle'))
    await toast(page, `“${batch} gone” could not be updated.`)
    await expect(row('gone').getByTestId('activity-toggle').getAttribute('aria-pressed')).resolves.toBe('false')
    await expect(page.locator('.p-toast-message').filter({ hasText: 'This record does not exist (anymore).' }).count()).resolves.toBe(1)

    await tap(row('kept').getByTestId('activity-toggle'))
    await toast(page, `“${batch} kept” is done.`)
    expect((await api<{ completedAt: string | null }>('GET', `/api/v1/activities/${kept!.id}`)).completedAt).not.toBeNull()
    await page.context().close()
  })

  it('shows a viewer the records without any control that would change them', async () => {
    const contact = await api<{ id: string }>('POST', '/api/v1/contacts', { firstName: 'Read', lastName: `Only-${unique()}` })
    const page = await newPage()
    await signIn(page, org.viewer)
    await open(page, '/contacts')
    await page.getByTestId('contact-link').first().waitFor()
    await expect(page.getByTestId('contact-create').count()).resolves.toBe(0)
    await expect(page.locator('.p-datatable .p-checkbox').count()).resolves.toBe(0)

    await open(page, `/contacts/${contact.id}`)
    await page.getByTestId('timeline').waitFor()
    for (const control of ['record-edit', 'record-delete', 'quick-call', 'quick-note', 'quick-task']) {
      await expect(page.getByTestId(control).count(), control).resolves.toBe(0)
    }
    await open(page, '/activities?scope=team&due=all')
    await expect(page.getByTestId('activity-toggle').count()).resolves.toBe(0)

    // A notification's link opens the activity to read, not the form to change it.
    const subject = `Read me ${unique()}`
    const activity = await api<{ id: string }>('POST', '/api/v1/activities', { type: 'task', subject, note: `Ask @[${org.colleague.name}](user:${org.colleague.id}) first`, contactId: contact.id })
    await open(page, `/activities?open=${activity.id}`)
    const view = page.getByTestId('activity-view')
    await view.waitFor()
    await expect(view.textContent()).resolves.toContain(subject)
    await expect(view.getByTestId('note-mention').textContent()).resolves.toBe(`@${org.colleague.name}`)
    await expect(view.getByRole('link', { name: `Read Only-` }).count()).resolves.toBe(1)
    await expect(page.locator('#activity-subject').count()).resolves.toBe(0)
    await page.context().close()
  })
})
