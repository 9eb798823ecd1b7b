import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { hydrated, launchBrowser, screenshot, signIn, VIEWPORTS, type Viewport } from '../support/browser'
import { make, unique } from '../support/crm'
import { call } from '../support/http'

let browser: Browser
const problems: string[] = []

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

/** The desktop runs in English with a mouse, the tablet in German with touch. */
async function newPage(vp: Viewport): Promise<Page> {
  const de = vp.hasTouch
  const context = await browser.newContext({
    locale: de ? 'de-DE' : 'en-GB', timezoneId: 'Europe/Berlin', viewport: vp.viewport, hasTouch: vp.hasTouch, isMobile: false, baseURL: inject('baseUrl'),
  })
  if (de) await context.addCookies([{ name: 'pulse_locale', value: 'de', url: inject('baseUrl') }])
  const page = await context.newPage()
  // Errors and warnings alike (hydration mismatches are warnings), except resource loads tests provoke.
  page.on('pageerror', error => problems.push(error.message))
  page.on('console', (msg) => {
    if ((msg.type() === 'error' || msg.type() === 'warning') && !msg.text().startsWith('Failed to load resource')) problems.push(`${msg.type()}: ${msg.text()}`)
  })
  return page
}

async function open(page: Page, path: string) {
  await page.goto(path)
  await hydrated(page)
}

async function newOrganization() {
  const account = { email: `cal-${unique()}@example.test`, password: 'a sturdy passphrase 42' }
  const res = await call('POST', '/api/v1/auth/register', { body: { organizationName: `Kalender ${unique()} GmbH`, name: 'Carla Kalender', ...account } })
  expect(res.status, res.text).toBe(201)
  const token = res.body.data.accessToken as string
  const pipeline = (await call('GET', '/api/v1/pipelines', { token })).body.data[0] as { id: string }
  return { account, token, pipeline }
}

const tap = (vp: Viewport, target: Locator) => (vp.hasTouch ? target.tap() : target.click())
const event = (page: Page, id: string) => page.locator(`[data-testid="calendar-event"][data-activity-id="${id}"]`)
const dayCell = (page: Page, day: string) => page.locator(`[data-calendar-day="${day}"]`)

/** Drags from the middle of `from` to a point: the mouse on the desktop, a finger on the tablet. */
async function drag(page: Page, vp: Viewport, from: Locator, to: { x: number, y: number }) {
  const box = await from.boundingBox()
  if (!box) throw new Error('nothing to drag')
  const start = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
  if (vp.hasTouch) {
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [start] })
    for (let i = 1; i <= 12; i++) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: start.x + ((to.x - start.x) * i) / 12, y: start.y + ((to.y - start.y) * i) / 12 }] })
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] })
    await cdp.detach()
  }
  else {
    await page.mouse.move(start.x, start.y)
    await page.mouse.down()
    await page.mouse.move(to.x, to.y, { steps: 12 })
    await page.mouse.up()
  }
}

/** Where the pointer goes so that an event grabbed at its middle lands at `hour:minute` of `day` in the week grid. */
async function weekSlot(page: Page, from: Locator, day: string, hour: number, minute = 0) {
  const column = (await dayCell(page, day).boundingBox())!
  const grabbed = (await from.boundingBox())!
  return { x: column.x + column.width / 2, y: column.y + ((hour * 60 + minute) / 60) * 48 + 1 + grabbed.height / 2 }
}

const HOUR = 60 * 60 * 1000
const berlinDay = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(at)

describe.each(VIEWPORTS)('the activities calendar in Chromium ($name)', (vp) => {
  const de = vp.hasTouch
  it('shows a week and a month by due time, opens on click, creates in a free slot and reschedules by drag', async () => {
    const org = await newOrganization()
    // The week of Monday 8 March 2027 (CET, +01:00).
    const call_ = await make(org.token, '/api/v1/activities', { type: 'call', subject: `Call Anna ${unique()}`, dueAt: '2027-03-09T10:00:00+01:00', reminders: [15] })
    const kickoff = await make(org.token, '/api/v1/activities', { type: 'meeting', subject: 'Kickoff', dueAt: '2027-03-08T09:00:00+01:00', completedAt: '2027-03-08T10:00:00+01:00' })
    const other = await call('POST', '/api/v1/auth/register', { body: { organizationName: `Fremd ${unique()}`, name: 'Fremd', email: `fremd-${unique()}@example.test`, password: 'a sturdy passphrase 42' } })
    await make(other.body.data.accessToken, '/api/v1/activities', { type: 'task', subject: 'Not ours', dueAt: '2027-03-09T11:00:00+01:00' })

    const page = await newPage(vp)
    await signIn(page, org.account)
    // From the list, the view switch: the choice is kept in the URL.
    await open(page, '/activities')
    await tap(vp, page.getByTestId('activities-view').getByText(de ? 'Woche' : 'Week', { exact: true }))
    await page.waitForURL(url => url.searchParams.get('view') === 'week')
    await page.getByTestId('calendar-week').waitFor()

    await open(page, '/activities?view=week&date=2027-03-10')
    const calendar = page.getByTestId('activities-calendar')
    await expect(calendar.getAttribute('data-first-day')).resolves.toBe('2027-03-08')
    await expect(page.getByTestId('calendar-title').innerText()).resolves.toBe(de ? '8. März – 14. März 2027' : '8 Mar – 14 Mar 2027')
    // In its day's column at its time; the finished one looks finished; another organization's is not there.
    await dayCell(page, '2027-03-09').locator(`[data-activity-id="${call_.id}"]`).waitFor()
    await expect(event(page, call_.id).innerText()).resolves.toContain('10:00')
    await expect(event(page, kickoff.id).getAttribute('data-done')).resolves.toBe('true')
    await expect(event(page, kickoff.id).textContent()).resolves.toContain(de ? 'erledigt' : 'done')
    await expect(page.getByText('Not ours').count()).resolves.toBe(0)
    await screenshot(page, `${vp.name}-calendar-week`)

    // Previous, next and today move the week and keep it in the URL.
    await tap(vp, page.getByTestId('calendar-next'))
    await page.waitForURL(url => url.searchParams.get('date') === '2027-03-17')
    await expect.poll(() => calendar.getAttribute('data-first-day')).toBe('2027-03-15')
    await tap(vp, page.getByTestId('calendar-previous'))
    await expect.poll(() => calendar.getAttribute('data-first-day')).toBe('2027-03-08')

    // A click (a tap) opens the activity in the editor.
    await tap(vp, event(page, call_.id))
    await page.waitForURL(url => url.searchParams.get('open') === call_.id)
    await expect(page.locator('#activity-subject').inputValue()).resolves.toBe(call_.subject)
    await tap(vp, page.getByTestId('form-cancel'))
    await page.waitForURL(url => !url.searchParams.has('open'))
    await page.locator('.p-drawer').waitFor({ state: 'detached' })

    // A click in a free slot creates an activity at that time.
    const friday = (await dayCell(page, '2027-03-12').boundingBox())!
    const point = { x: friday.x + friday.width / 2, y: friday.y + 11 * 48 + 10 }
    if (vp.hasTouch) await page.touchscreen.tap(point.x, point.y)
    else await page.mouse.click(point.x, point.y)
    await expect.poll(() => page.locator('#activity-due').inputValue()).toBe(de ? '12.03.2027 11:00' : '12/03/2027 11:00')
    const subject = `Prepare the offer ${unique()}`
    await page.locator('#activity-subject').fill(subject)
    const created = page.waitForResponse(r => r.url().endsWith('/api/v1/activities') && r.request().method() === 'POST')
    await tap(vp, page.getByTestId('form-save'))
    const fresh = (await (await created).json()).data
    expect(fresh).toMatchObject({ subject, dueAt: '2027-03-12T10:00:00.000Z', type: 'task' })
    await dayCell(page, '2027-03-12').locator(`[data-activity-id="${fresh.id}"]`).waitFor()
    await page.locator('.p-drawer').waitFor({ state: 'detached' })

    // A drag reschedules: Thursday 14:00, saved, and no editor opened.
    const saved = page.waitForResponse(r => r.url().endsWith(`/api/v1/activities/${call_.id}`) && r.request().method() === 'PUT')
    await drag(page, vp, event(page, call_.id), await weekSlot(page, event(page, call_.id), '2027-03-11', 14))
    expect((await saved).status()).toBe(200)
    await dayCell(page, '2027-03-11').locator(`[data-activity-id="${call_.id}"]`).waitFor()
    expect(new URL(page.url()).searchParams.has('open')).toBe(false)
    const stored = (await call('GET', `/api/v1/activities/${call_.id}`, { token: org.token })).body.data
    expect(stored).toMatchObject({ dueAt: '2027-03-11T13:00:00.000Z', reminders: [15] })
    await page.locator('.p-toast').getByText(de ? 'verschoben' : 'moved to').first().waitFor()

    // A refused move goes back where it was, with a message.
    await page.route(`**/api/v1/activities/${kickoff.id}`, route => (route.request().method() === 'PUT'
      ? route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ success: false, error: { code: 'CONFLICT', message: 'changed meanwhile' } }) })
      : route.fallback()))
    await drag(page, vp, event(page, kickoff.id), await weekSlot(page, event(page, kickoff.id), '2027-03-10', 9))
    await page.locator('.p-toast').getByText(de ? 'konnte nicht verschoben werden' : 'could not be moved').first().waitFor()
    await dayCell(page, '2027-03-08').locator(`[data-activity-id="${kickoff.id}"]`).waitFor()
    await page.unroute(`**/api/v1/activities/${kickoff.id}`)

    // Keyboard: an activity is focusable and Enter opens it.
    await event(page, kickoff.id).focus()
    await page.keyboard.press('Enter')
    await page.waitForURL(url => url.searchParams.get('open') === kickoff.id)
    await expect(page.locator('#activity-subject').inputValue()).resolves.toBe('Kickoff')
    await tap(vp, page.getByTestId('form-cancel'))
    await page.waitForURL(url => !url.searchParams.has('open'))
    await page.locator('.p-drawer').waitFor({ state: 'detached' })

    // The month: the same activities by day; a drag to another day keeps the time of day.
    await tap(vp, page.getByTestId('activities-view').getByText(de ? 'Monat' : 'Month', { exact: true }))
    await page.getByTestId('calendar-month').waitFor()
    await expect(page.getByTestId('calendar-title').innerText()).resolves.toBe(de ? 'März 2027' : 'March 2027')
    await dayCell(page, '2027-03-11').locator(`[data-activity-id="${call_.id}"]`).waitFor()
    const target = (await dayCell(page, '2027-03-16').boundingBox())!
    const monthSaved = page.waitForResponse(r => r.url().endsWith(`/api/v1/activities/${call_.id}`) && r.request().method() === 'PUT')
    await drag(page, vp, event(page, call_.id), { x: target.x + target.width / 2, y: target.y + target.height - 12 })
    expect((await monthSaved).status()).toBe(200)
    await dayCell(page, '2027-03-16').locator(`[data-activity-id="${call_.id}"]`).waitFor()
    expect((await call('GET', `/api/v1/activities/${call_.id}`, { token: org.token })).body.data.dueAt).toBe('2027-03-16T13:00:00.000Z')
    await screenshot(page, `${vp.name}-calendar-month`)

    // Rendered by the server as the browser renders it: a reload shows the same and warns of nothing.
    await page.reload()
    await hydrated(page)
    await dayCell(page, '2027-03-16').locator(`[data-activity-id="${call_.id}"]`).waitFor()
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('marks overdue activities and follows the owner filter of the list', async () => {
    const org = await newOrganization()
    const late = new Date(Date.now() - 26 * HOUR)
    const overdue = await make(org.token, '/api/v1/activities', { type: 'task', subject: 'Send the contract', dueAt: late.toISOString() })
    // Nobody's: not among "mine", as in the list.
    const unassigned = await make(org.token, '/api/v1/activities', { type: 'call', subject: 'Unassigned call', dueAt: late.toISOString(), ownerId: null })
    const page = await newPage(vp)
    await signIn(page, org.account)
    await open(page, `/activities?view=month&date=${berlinDay(late)}`)
    await expect(event(page, overdue.id).getAttribute('data-overdue')).resolves.toBe('true')
    await expect(event(page, overdue.id).textContent()).resolves.toContain(de ? 'überfällig' : 'overdue')
    await expect(event(page, unassigned.id).count()).resolves.toBe(0)
    await screenshot(page, `${vp.name}-calendar-overdue`)
    // "Team" shows everyone's, and the choice stays when switching back to the list.
    await tap(vp, page.getByTestId('activities-scope').getByText('Team', { exact: true }))
    await page.waitForURL(url => url.searchParams.get('scope') === 'team')
    await event(page, unassigned.id).waitFor()
    await tap(vp, page.getByTestId('activities-view').getByText(de ? 'Liste' : 'List', { exact: true }))
    await page.waitForURL(url => !url.searchParams.has('view') && url.searchParams.get('scope') === 'team')
    await page.getByText('Send the contract').first().waitFor()
    expect(problems).toEqual([])
    await page.context().close()
  })
})

describe.each(VIEWPORTS)('related records in tabs ($name)', (vp) => {
  const de = vp.hasTouch
  it('a company shows its contacts, deals and all their activities, paged and counted; a contact its deals', async () => {
    const org = await newOrganization()
    const company = await make(org.token, '/api/v1/companies', { name: `Tabs ${unique()} AG` })
    const people = []
    for (let i = 0; i < 12; i++) people.push(await make(org.token, '/api/v1/contacts', { firstName: `Person${String(i).padStart(2, '0')}`, lastName: `Tab${unique()}`, companyId: company.id }))
    const person = people[0]!
    const deal = await make(org.token, '/api/v1/deals', { title: `Rollout ${unique()}`, value: '5000', pipelineId: org.pipeline.id, companyId: company.id, contactId: person.id })
    await make(org.token, '/api/v1/activities', { type: 'meeting', subject: 'Company meeting', companyId: company.id })
    await make(org.token, '/api/v1/activities', { type: 'call', subject: 'Call the person', contactId: people[5]!.id })
    await make(org.token, '/api/v1/activities', { type: 'task', subject: 'Deal task', dealId: deal.id, dueAt: '2027-02-01T09:00:00+01:00' })

    const page = await newPage(vp)
    await signIn(page, org.account)
    await open(page, `/companies/${company.id}`)
    const counts = async () => Object.fromEntries(await Promise.all(['contacts', 'deals', 'activities'].map(async kind => [kind, await page.getByTestId(`related-tab-${kind}`).getByTestId('related-count').innerText()])))
    await expect(counts()).resolves.toEqual({ contacts: '12', deals: '1', activities: '3' })
    const panel = page.getByTestId('company-contacts')
    await expect(panel.locator('li').count()).resolves.toBe(10)
    await tap(vp, page.getByTestId('related-pager').locator('.p-paginator-next'))
    await expect.poll(() => panel.locator('li').count()).toBe(2)
    await screenshot(page, `${vp.name}-company-related`)

    // The activities tab: the company's, its contacts' and its deals', each linking to the activity.
    await tap(vp, page.getByTestId('related-tab-activities'))
    await page.waitForURL(url => url.searchParams.get('tab') === 'activities')
    const activities = page.getByTestId('related-panel-activities')
    await expect(activities.locator('li').count()).resolves.toBe(3)
    await expect(activities.innerText()).resolves.toContain('Deal task')
    // The timeline beside holds them too.
    await expect(page.getByTestId('timeline').innerText()).resolves.toContain('Call the person')
    // "New" here is linked to the company, and the count follows.
    await tap(vp, page.getByTestId('related-new'))
    await page.locator('#activity-subject').fill('Plan the workshop')
    const created = page.waitForResponse(r => r.url().endsWith('/api/v1/activities') && r.request().method() === 'POST')
    await tap(vp, page.getByTestId('form-save'))
    expect((await (await created).json()).data).toMatchObject({ companyId: company.id, subject: 'Plan the workshop' })
    await expect.poll(() => page.getByTestId('related-tab-activities').getByTestId('related-count').innerText()).toBe('4')
    await screenshot(page, `${vp.name}-company-activities`)
    await tap(vp, activities.getByText('Deal task'))
    await page.waitForURL(url => url.pathname === '/activities' && url.searchParams.has('open'))
    await expect(page.locator('#activity-subject').inputValue()).resolves.toBe('Deal task')

    // The deals tab, reached from the URL: the row opens the deal, whose contact page lists it too.
    await open(page, `/companies/${company.id}?tab=deals`)
    await expect(page.getByTestId('related-tab-deals').getAttribute('aria-selected')).resolves.toBe('true')
    await tap(vp, page.getByTestId('related-panel-deals').getByText(deal.title))
    await page.waitForURL(url => url.pathname === `/deals/${deal.id}`)
    await open(page, `/contacts/${person.id}`)
    await expect(page.getByTestId('related-tab-deals').getByTestId('related-count').innerText()).resolves.toBe('1')
    await page.getByTestId('related-panel-deals').getByText(deal.title).waitFor()
    await expect(page.getByTestId('related-new').innerText()).resolves.toBe(de ? 'Neuer Deal' : 'New deal')
    await screenshot(page, `${vp.name}-contact-related`)
    expect(problems).toEqual([])
    await page.context().close()
  })
})
