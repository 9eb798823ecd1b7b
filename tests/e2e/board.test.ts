import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { collectErrors, hydrated, launchBrowser, screenshot, signIn, VIEWPORTS, type Viewport } from '../support/browser'
import { make, unique, type Stage } from '../support/crm'
import { call, DEMO, login } from '../support/http'

const VIEWER = { email: 'sophie.martin@pulse.test', password: DEMO.password }

let browser: Browser
const errors: string[] = []

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

async function newPage(vp: Viewport, locale = 'en-GB', cookies: { name: string, value: string }[] = []): Promise<Page> {
  const context = await browser.newContext({
    locale, timezoneId: 'Europe/Berlin', viewport: vp.viewport, hasTouch: vp.hasTouch, isMobile: false, baseURL: inject('baseUrl'),
  })
  if (cookies.length) await context.addCookies(cookies.map(c => ({ ...c, url: inject('baseUrl') })))
  return collectErrors(await context.newPage(), errors)
}

async function open(page: Page, path: string) {
  await page.goto(path)
  await hydrated(page)
}

/** An organization of its own, so moves and stage edits touch nobody else's data. */
async function newOrganization() {
  const account = { email: `board-${unique()}@example.test`, password: 'a sturdy passphrase 42' }
  const res = await call('POST', '/api/v1/auth/register', { body: { organizationName: `Board ${unique()} GmbH`, name: 'Bea Board', ...account } })
  expect(res.status, res.text).toBe(201)
  const token = res.body.data.accessToken as string
  const pipeline = (await call('GET', '/api/v1/pipelines', { token })).body.data[0] as { id: string, name: string, stages: Stage[] }
  return { account, token, pipeline, open: pipeline.stages.filter(s => s.kind === 'open') }
}

const column = (page: Page, stageId: string) => page.locator(`[data-stage-id="${stageId}"]`)
const card = (page: Page, dealId: string) => page.locator(`[data-deal-id="${dealId}"]`).first()

/** Drags a board card (or any element with a grip) onto a target: the mouse on a desktop, a finger on the tablet. */
async function drag(page: Page, vp: Viewport, from: Locator, to: { x: number, y: number }) {
  if (vp.hasTouch) {
    const grip = await from.locator('[data-drag-handle], [data-testid="stage-grip"]').first().boundingBox()
    if (!grip) throw new Error('no grip to drag')
    const start = { x: grip.x + grip.width / 2, y: grip.y + grip.height / 2 }
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [start] })
    for (let i = 1; i <= 12; i++) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: start.x + ((to.x - start.x) * i) / 12, y: start.y + ((to.y - start.y) * i) / 12 }] })
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] })
    await cdp.detach()
  }
  else {
    const box = await from.boundingBox()
    if (!box) throw new Error('nothing to drag')
    await page.mouse.move(box.x + 24, box.y + box.height - 12)
    await page.mouse.down()
    await page.mouse.move(to.x, to.y, { steps: 12 })
    await page.mouse.up()
  }
}

async function middleOf(locator: Locator, dy = 0) {
  const box = await locator.boundingBox()
  if (!box) throw new Error('not on screen')
  return { x: box.x + box.width / 2, y: box.y + Math.min(box.height / 2, 120) + dy }
}

describe.each(VIEWPORTS)('deals board and settings in Chromium ($name)', (vp) => {
  it('drags a deal to another stage, keeps it after a reload, and the audit log shows the move', async () => {
    const org = await newOrganization()
    const [first, second] = org.open as [Stage, Stage]
    const deal = await make(org.token, '/api/v1/deals', { title: `Pumpenwartung ${unique()}`, value: '4200.50', pipelineId: org.pipeline.id, expectedCloseDate: '2027-05-31' })
    const page = await newPage(vp)
    await signIn(page, org.account)
    await screenshot(page, `${vp.name}-dashboard`)
    // Server-rendered with its data: hydration reads nothing again (the bell's poll of the
    // unread count runs on its own clock, every 2 s in the tests, and is not the page's data;
    // a new person's first pages store the browser's time zone with a PUT, which is no read).
    const fetched: string[] = []
    page.on('request', (r) => {
      if (r.method() === 'GET' && r.url().includes('/api/v1/') && !r.url().includes('/api/v1/notifications/unread-count')) fetched.push(r.url())
    })
    await open(page, '/deals')
    await card(page, deal.id).waitFor()
    expect(fetched).toEqual([])
    await expect(column(page, first.id).getByTestId('column-total').textContent()).resolves.toContain('€4,200.50')

    const moved = page.waitForResponse(r => r.url().endsWith(`/api/v1/deals/${deal.id}/move`) && r.request().method() === 'POST')
    await drag(page, vp, card(page, deal.id), await middleOf(column(page, second.id)))
    expect((await moved).status()).toBe(200)
    await column(page, second.id).locator(`[data-deal-id="${deal.id}"]`).waitFor()
    // Counts and totals follow the card.
    await expect.poll(() => column(page, second.id).getByTestId('column-count').textContent()).toBe('1')
    await expect.poll(() => column(page, first.id).getByTestId('column-count').textContent()).toBe('0')
    // A drag is not a click: the page did not open the deal.
    expect(new URL(page.url()).pathname).toBe('/deals')

    // The deal has no next step: the move offers to schedule one, linked to it, and the card shows it.
    const prompt = page.getByTestId('next-step')
    await expect(prompt.textContent()).resolves.toContain(`${deal.title} moved to ${second.name} and has no next step yet.`)
    await screenshot(page, `${vp.name}-next-step`)
    await prompt.locator('#activity-subject').fill('Send the revised offer')
    const saved = page.waitForResponse(r => r.url().endsWith('/api/v1/activities') && r.request().method() === 'POST')
    await (vp.hasTouch ? prompt.getByTestId('form-save').tap() : prompt.getByTestId('form-save').click())
    const scheduled = (await (await saved).json()).data
    expect(scheduled).toMatchObject({ type: 'task', subject: 'Send the revised offer', dealId: deal.id, completedAt: null })
    await prompt.waitFor({ state: 'detached' })
    await expect.poll(() => card(page, deal.id).getByTestId('deal-next-activity').textContent()).toContain('Send the revised offer')
    await screenshot(page, `${vp.name}-board`)

    await page.reload()
    await hydrated(page)
    await column(page, second.id).locator(`[data-deal-id="${deal.id}"]`).waitFor()
    expect((await call('GET', `/api/v1/deals/${deal.id}`, { token: org.token })).body.data.stageId).toBe(second.id)

    // A click (a tap on the tablet) anywhere on the card opens the deal; only a drag moves it.
    const box = (await card(page, deal.id).boundingBox())!
    const point = { x: box.x + box.width / 3, y: box.y + box.height - 10 }
    if (vp.hasTouch) await page.touchscreen.tap(point.x, point.y)
    else await page.mouse.click(point.x, point.y)
    await page.waitForURL(url => url.pathname === `/deals/${deal.id}`)
    await open(page, '/deals')
    await card(page, deal.id).waitFor()

    // While dragging, "lost" is a drop zone at the bottom of the screen, wherever its column is.
    const lost = org.pipeline.stages.find(s => s.kind === 'lost')!
    const zoneY = vp.viewport.height - 50
    // The zones sit side by side, centred: won left of the middle, lost right of it.
    await drag(page, vp, card(page, deal.id), { x: vp.viewport.width / 2 + 104, y: zoneY })
    await expect.poll(async () => (await call('GET', `/api/v1/deals/${deal.id}`, { token: org.token })).body.data).toMatchObject({ status: 'lost', stageId: lost.id })
    await expect(page.getByTestId('closing-zones').count()).resolves.toBe(0)

    await open(page, '/settings/audit?action=deal.move')
    // Newest first: the drop on "lost", then the drag between the open stages.
    const rows = page.getByTestId('audit-table').locator('tbody tr')
    await expect(rows.count()).resolves.toBe(2)
    await expect(rows.nth(0).textContent()).resolves.toContain('Deal moved')
    await expect(rows.nth(0).getByTestId('audit-changes').textContent()).resolves.toContain(`Status: Open → Lost`)
    await expect(rows.nth(1).getByTestId('audit-changes').textContent()).resolves.toContain(`Stage: ${first.name} → ${second.name}`)
    await screenshot(page, `${vp.name}-audit`)
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('shows the money and the next step: weighted totals, next activity, no next step, and rotting after the stage\'s days', async () => {
    const org = await newOrganization()
    const [first, second] = org.open as [Stage, Stage]
    // The tablet runs in German, the desktop in English.
    const de = vp.hasTouch
    const stages = org.pipeline.stages.map(({ id, name, kind, probability }) => ({ id, name, kind, probability: id === first.id ? 25 : id === second.id ? 50 : probability }))
    expect((await call('PUT', `/api/v1/pipelines/${org.pipeline.id}`, { token: org.token, body: { stages } })).status).toBe(200)
    const day = 86_400_000
    const planned = await make(org.token, '/api/v1/deals', { title: `Planned ${unique()}`, value: '1000', pipelineId: org.pipeline.id })
    const idle = await make(org.token, '/api/v1/deals', { title: `Idle ${unique()}`, value: '1000', pipelineId: org.pipeline.id })
    const late = await make(org.token, '/api/v1/deals', { title: `Late ${unique()}`, value: '400', pipelineId: org.pipeline.id, stageId: second.id })
    await make(org.token, '/api/v1/activities', { type: 'call', subject: 'Call about the offer', dueAt: new Date(Date.now() + 2 * day).toISOString(), dealId: planned.id })
    await make(org.token, '/api/v1/activities', { type: 'meeting', subject: 'Site visit', dueAt: new Date(Date.now() + 9 * day).toISOString(), dealId: planned.id })
    await make(org.token, '/api/v1/activities', { type: 'email', subject: 'Send the contract', dueAt: new Date(Date.now() - day).toISOString(), dealId: late.id })

    const page = await newPage(vp, de ? 'de-DE' : 'en-GB', de ? [{ name: 'pulse_locale', value: 'de' }] : [])
    await signIn(page, org.account)
    await open(page, '/deals')
    await card(page, planned.id).waitFor()
    // 2 × 1000 at 25 % and 400 at 50 %: 500 and 200 weighted; the header adds up the open stages.
    const euro = (amount: string) => (de ? `${amount.replace(/,/g, 'X').replace('.', ',').replace(/X/g, '.')} €` : `€${amount}`)
    // Intl puts a no-break space before the euro sign in German.
    const text = async (locator: Locator) => (await locator.innerText()).replace(/\s/g, ' ')
    await expect(text(column(page, first.id).getByTestId('column-weighted'))).resolves.toContain(euro('500.00'))
    await expect(text(column(page, second.id).getByTestId('column-weighted'))).resolves.toContain(euro('200.00'))
    const header = await text(page.getByTestId('pipeline-total'))
    expect(header).toContain(euro('2,400.00'))
    expect(header).toContain(de ? 'gewichtet' : 'weighted')
    await expect(text(page.getByTestId('pipeline-weighted'))).resolves.toContain(euro('700.00'))

    // The next step: the earliest open activity; a deal without one says so; an overdue one is marked.
    await expect(card(page, planned.id).getByTestId('deal-next-activity').innerText()).resolves.toContain('Call about the offer')
    await expect(card(page, planned.id).getByTestId('deal-no-next-step').count()).resolves.toBe(0)
    await expect(card(page, idle.id).getByTestId('deal-no-next-step').innerText()).resolves.toContain(de ? 'Kein nächster Schritt' : 'No next step')
    await expect(card(page, late.id).getByTestId('deal-next-activity').getAttribute('data-overdue')).resolves.toBe('true')
    await expect(card(page, planned.id).getByTestId('deal-age').innerText()).resolves.toMatch(de ? /\b0 T$/ : /\b0 d$/)
    await expect(page.locator('[data-rotting]').count()).resolves.toBe(0)
    await screenshot(page, `${vp.name}-board-money`)

    // Rotting after one idle day in the first stage, set in the settings.
    await open(page, '/settings/pipelines')
    const rotting = page.locator(`#stage-rotting-${first.id}`)
    await rotting.fill('1')
    await rotting.press('Tab')
    const saved = page.waitForResponse(r => r.url().endsWith(`/api/v1/pipelines/${org.pipeline.id}`) && r.request().method() === 'PUT')
    await page.getByTestId('pipeline-save').click()
    expect((await saved).status()).toBe(200)
    const stored = (await call('GET', `/api/v1/pipelines/${org.pipeline.id}`, { token: org.token })).body.data.stages as (Stage & { rottingDays?: number })[]
    expect(stored.find(s => s.id === first.id)?.rottingDays).toBe(1)
    expect(stored.find(s => s.id === second.id)?.rottingDays).toBeUndefined()

    // Nobody can age data through the API, so the browser's clock moves three days on instead,
    // and the board is opened in the browser (a server-rendered board counts by the server's clock).
    await page.clock.setFixedTime(new Date(Date.now() + 3 * day))
    await page.evaluate(() => (document.querySelector('#__nuxt') as unknown as { __vue_app__: { config: { globalProperties: { $router: { push: (to: string) => Promise<unknown> } } } } })
      .__vue_app__.config.globalProperties.$router.push('/deals'))
    await card(page, idle.id).waitFor()
    await expect(card(page, idle.id).getAttribute('data-rotting')).resolves.toBe('true')
    await expect(card(page, idle.id).getByTestId('deal-rotting').innerText()).resolves.toContain(de ? 'seit 3 Tagen' : 'idle for 3 days')
    await expect(card(page, planned.id).getAttribute('data-rotting')).resolves.toBe('true')
    await expect(card(page, idle.id).getByTestId('deal-age').innerText()).resolves.toMatch(de ? /\b3 T$/ : /\b3 d$/)
    // The second stage has no rotting days: its deal never rots.
    await expect(card(page, late.id).getAttribute('data-rotting')).resolves.toBeNull()
    await screenshot(page, `${vp.name}-board-rotting`)
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('keeps the board\'s pipeline in the list, and sorts the list by stage', async () => {
    const org = await newOrganization()
    const other = await make(org.token, '/api/v1/pipelines', { name: `Service ${unique()}`, stages: [{ name: 'Request', probability: 20, kind: 'open' }, { name: 'Offer', probability: 60, kind: 'open' }, { name: 'Done', probability: 100, kind: 'won' }] })
    const [request, offer] = other.stages as [Stage, Stage]
    const elsewhere = await make(org.token, '/api/v1/deals', { title: `Elsewhere ${unique()}`, value: '5', pipelineId: org.pipeline.id })
    // Created in reverse stage order, so creation order cannot pass for stage order.
    const b = await make(org.token, '/api/v1/deals', { title: `Bravo ${unique()}`, value: '2', pipelineId: other.id, stageId: offer.id })
    const a = await make(org.token, '/api/v1/deals', { title: `Alpha ${unique()}`, value: '1', pipelineId: other.id, stageId: request.id })
    const page = await newPage(vp, 'en-GB', [{ name: 'pulse_deals_view', value: 'board' }])
    await signIn(page, org.account)
    await open(page, '/deals')
    await card(page, elsewhere.id).waitFor()
    await page.getByTestId('deals-pipeline').click()
    await page.getByRole('option', { name: other.name }).click()
    await card(page, a.id).waitFor()
    await page.getByTestId('deals-view').getByText('List').click()
    const rows = page.locator('tbody tr')
    await expect.poll(() => rows.count()).toBe(2)
    await expect(page.locator('tbody').innerText()).resolves.not.toContain(elsewhere.title)
    // Later, on /deals without the pipeline in the URL: still the pipeline chosen on the board.
    await open(page, '/deals?sort=stage')
    await expect.poll(() => rows.count()).toBe(2)
    await expect(rows.nth(0).innerText()).resolves.toContain(a.title)
    await expect(rows.nth(1).innerText()).resolves.toContain(b.title)
    await page.getByRole('button', { name: 'Sort by Stage' }).click()
    await page.waitForURL(url => url.searchParams.get('sort') === '-stage')
    await expect.poll(() => rows.nth(0).innerText()).toContain(b.title)
    await screenshot(page, `${vp.name}-deals-list-stage`)
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('creates deals from the page header and from a column\'s "+", in that stage, and opens the new deal', async () => {
    const org = await newOrganization()
    const [first, second] = org.open as [Stage, Stage]
    const page = await newPage(vp)
    await signIn(page, org.account)
    await open(page, '/deals')
    const press = async (locator: Locator) => (vp.hasTouch ? locator.tap() : locator.click())

    // From a column: the form starts in that column's stage.
    await press(column(page, second.id).getByTestId('column-add-deal'))
    const form = page.getByTestId('deal-form')
    await form.waitFor()
    await expect(form.locator('#deal-stage').textContent()).resolves.toContain(second.name)
    const title = `Wartungsvertrag ${unique()}`
    await form.locator('#deal-title').fill(title)
    await form.locator('#deal-value').fill('12,500.50')
    await screenshot(page, `${vp.name}-deal-create`)
    await press(form.locator('button[type=submit]'))
    await page.waitForURL(url => /^\/deals\/[\w-]+$/.test(url.pathname))
    const created = (await call('GET', `/api/v1/deals?q=${encodeURIComponent(title)}`, { token: org.token })).body.data[0]
    expect(created).toMatchObject({ title, value: '12500.50', stageId: second.id, pipelineId: org.pipeline.id })
    expect(new URL(page.url()).pathname).toBe(`/deals/${created.id}`)

    // From the header: the pipeline on show, its first stage; the board shows it on the way back.
    await open(page, '/deals')
    await card(page, created.id).waitFor()
    await press(page.getByTestId('deal-create'))
    await form.waitFor()
    await expect(form.locator('#deal-stage').textContent()).resolves.toContain(first.name)
    await form.locator('#deal-title').fill(`Erstgespräch ${unique()}`)
    await press(form.locator('button[type=submit]'))
    await page.waitForURL(url => url.pathname !== '/deals')
    expect((await call('GET', `/api/v1/deals?stageId=${first.id}`, { token: org.token })).body.meta.total).toBe(1)
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('moves a deal with the keyboard through the card\'s menu', async () => {
    const org = await newOrganization()
    const won = org.pipeline.stages.find(s => s.kind === 'won')!
    const deal = await make(org.token, '/api/v1/deals', { title: `Kesseltausch ${unique()}`, value: '999', pipelineId: org.pipeline.id })
    const page = await newPage(vp)
    await signIn(page, org.account)
    await open(page, '/deals')
    await card(page, deal.id).getByTestId('deal-move-menu').focus()
    await page.keyboard.press('Enter')
    await page.getByRole('menuitem', { name: new RegExp(`^${won.name}`) }).waitFor()
    // The menu has focus; arrow down to the won stage (the first press enters the list), then Enter.
    const items = await page.getByRole('menuitem').allTextContents()
    const steps = items.findIndex(text => text.startsWith(won.name))
    for (let i = 0; i <= steps; i++) await page.keyboard.press('ArrowDown')
    await expect(page.locator('.p-menu-item.p-focus').textContent()).resolves.toContain(won.name)
    await page.keyboard.press('Enter')
    await column(page, won.id).locator(`[data-deal-id="${deal.id}"]`).waitFor()
    await expect.poll(async () => (await call('GET', `/api/v1/deals/${deal.id}`, { token: org.token })).body.data.status).toBe('won')
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('rolls a refused move back and says why', async () => {
    const org = await newOrganization()
    const [first, second] = org.open as [Stage, Stage]
    const deal = await make(org.token, '/api/v1/deals', { title: `Rückbau ${unique()}`, value: '10', pipelineId: org.pipeline.id })
    const page = await newPage(vp)
    await signIn(page, org.account)
    await open(page, '/deals')
    await card(page, deal.id).waitFor()
    // Meanwhile someone removes the (empty) second stage: the server must refuse the move.
    const stages = org.pipeline.stages.filter(s => s.id !== second.id).map(({ id, name, probability, kind }) => ({ id, name, probability, kind }))
    expect((await call('PUT', `/api/v1/pipelines/${org.pipeline.id}`, { token: org.token, body: { stages } })).status).toBe(200)

    const refused = page.waitForResponse(r => r.url().endsWith(`/api/v1/deals/${deal.id}/move`))
    await drag(page, vp, card(page, deal.id), await middleOf(column(page, second.id)))
    expect((await refused).status()).toBe(400)
    await page.locator('.p-toast').getByText(/could not be moved/).waitFor()
    await expect(page.locator('.p-toast').textContent()).resolves.toContain('Please check your input.')
    await column(page, first.id).locator(`[data-deal-id="${deal.id}"]`).waitFor()
    await expect(column(page, second.id).locator(`[data-deal-id="${deal.id}"]`).count()).resolves.toBe(0)
    await expect.poll(() => column(page, first.id).getByTestId('column-count').textContent()).toBe('1')
    expect((await call('GET', `/api/v1/deals/${deal.id}`, { token: org.token })).body.data.stageId).toBe(first.id)
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('searches with the palette from the keyboard and lands on the record', async () => {
    const org = await newOrganization()
    const tag = `Quell${unique()}`
    await make(org.token, '/api/v1/contacts', { firstName: 'Zora', lastName: tag })
    const company = await make(org.token, '/api/v1/companies', { name: `${tag} Werke` })
    const page = await newPage(vp)
    await signIn(page, org.account)
    await page.keyboard.press('Control+k')
    const input = page.getByRole('combobox', { name: 'Search contacts, companies and deals, or go to a page' })
    await input.waitFor()
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('palette-input')
    await expect(page.getByRole('listbox').textContent()).resolves.toContain('Go to')
    await input.pressSequentially(tag.toLowerCase(), { delay: 20 })
    await page.getByRole('option', { name: new RegExp(`${tag} Werke`) }).waitFor()
    await expect(page.getByRole('group', { name: 'Contacts' }).textContent()).resolves.toContain(`Zora ${tag}`)
    await screenshot(page, `${vp.name}-palette`)
    await expect(input.getAttribute('aria-activedescendant')).resolves.toBe('palette-option-0')
    await page.keyboard.press('ArrowDown')
    await expect(page.getByRole('option', { selected: true }).textContent()).resolves.toContain(`${tag} Werke`)
    expect(errors).toEqual([])
    await page.keyboard.press('Enter')
    await page.waitForURL(url => url.pathname === `/companies/${company.id}`)
    // The record page belongs to the records work; what it logs is not this test's business.
    errors.length = 0
    await page.context().close()
  })

  it('reorders stages by drag in the settings and keeps the order', async () => {
    const org = await newOrganization()
    const [first, second] = org.open as [Stage, Stage]
    const page = await newPage(vp)
    await signIn(page, org.account)
    await open(page, '/settings/pipelines')
    const rows = page.getByTestId('stage-list').locator('[data-stage-row]')
    await expect(rows.first().getAttribute('data-stage-name')).resolves.toBe(first.name)
    const target = await rows.nth(1).boundingBox()
    await drag(page, vp, rows.first(), { x: target!.x + 22, y: target!.y + target!.height * 0.8 })
    await expect(rows.first().getAttribute('data-stage-name')).resolves.toBe(second.name)
    await screenshot(page, `${vp.name}-settings-pipelines`)
    await page.getByTestId('pipeline-save').click()
    await page.locator('.p-toast').getByText('Pipeline saved.').waitFor()
    await page.reload()
    await hydrated(page)
    await expect(rows.nth(0).getAttribute('data-stage-name')).resolves.toBe(second.name)
    await expect(rows.nth(1).getAttribute('data-stage-name')).resolves.toBe(first.name)
    const stored = (await call('GET', `/api/v1/pipelines/${org.pipeline.id}`, { token: org.token })).body.data.stages as Stage[]
    expect(stored.slice(0, 2).map(s => s.id)).toEqual([second.id, first.id])
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('speaks German on the dashboard, board and settings, with no raw keys', async () => {
    const page = await newPage(vp, 'de-DE', [{ name: 'pulse_theme', value: 'dark' }])
    await signIn(page, DEMO)
    await page.locator('header [aria-label="Sprache"], header [aria-label="Language"]').first().click()
    await page.getByRole('option', { name: 'Deutsch' }).click()
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).waitFor()
    const expectations: [string, string[]][] = [
      ['/', ['Offene Pipeline nach Phase', 'Gewonnen und verloren in diesem Monat']],
      ['/deals', ['Board', 'Verantwortlich', 'Alle Verantwortlichen']],
      ['/settings/pipelines', ['Pipelines', 'Phasen', 'Pipeline speichern']],
      ['/settings/audit', ['Änderungsprotokoll', 'Datensatztyp']],
    ]
    for (const [path, texts] of expectations) {
      await open(page, path)
      const text = await page.locator('body').innerText()
      for (const expected of texts) expect(text, path).toContain(expected)
      expect(text.match(/\b(app|nav|dashboard|deals|board|palette|pipelines|audit|theme|settings|errors)\.[a-z_]+/g), path).toBeNull()
    }
    // Dark theme from the cookie, rendered by the server: no flash of the light theme.
    const html = await (await page.request.get('/deals')).text()
    expect(html).toMatch(/<html[^>]*class="dark"/)
    await open(page, '/deals')
    await expect(page.evaluate(() => document.documentElement.classList.contains('dark'))).resolves.toBe(true)
    await screenshot(page, `${vp.name}-board-dark-de`)
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('lets a viewer look at the board and pipelines but not change them', async () => {
    const page = await newPage(vp)
    await signIn(page, VIEWER)
    await open(page, '/deals')
    const first = page.getByTestId('deal-card').first()
    await first.waitFor()
    await page.getByText('Your role does not allow moving deals.').waitFor()
    // A long stage shows its first 20 cards, and more on request.
    const stageId = await page.getByTestId('board-column').filter({ has: page.getByRole('button', { name: /^Show/ }) }).first().getAttribute('data-stage-id')
    const long = column(page, stageId!)
    const total = Number(await long.getByTestId('column-count').textContent())
    await expect(long.getByTestId('deal-card').count()).resolves.toBe(20)
    await long.getByRole('button', { name: /^Show/ }).click()
    await expect.poll(() => long.getByTestId('deal-card').count()).toBe(Math.min(total, 40))
    await expect(page.locator('[data-drag-handle]').count()).resolves.toBe(0)
    await expect(page.getByTestId('deal-move-menu').count()).resolves.toBe(0)
    // A viewer creates nothing either.
    await expect(page.getByTestId('deal-create').count()).resolves.toBe(0)
    await expect(page.getByTestId('column-add-deal').count()).resolves.toBe(0)
    // Dragging does nothing: no move is sent.
    let posted = false
    page.on('request', (r) => {
      if (r.url().includes('/move')) posted = true
    })
    const box = await first.boundingBox()
    await page.mouse.move(box!.x + 20, box!.y + 20)
    await page.mouse.down()
    await page.mouse.move(box!.x + 400, box!.y + 40, { steps: 8 })
    await page.mouse.up()
    expect(posted).toBe(false)
    // And the API refuses anyway.
    const token = await login(VIEWER.email, VIEWER.password)
    const dealId = await first.getAttribute('data-deal-id')
    const deal = (await call('GET', `/api/v1/deals/${dealId}`, { token })).body.data
    const pipeline = (await call('GET', `/api/v1/pipelines/${deal.pipelineId}`, { token })).body.data
    const other = pipeline.stages.find((s: Stage) => s.id !== deal.stageId)
    const refused = await call('POST', `/api/v1/deals/${dealId}/move`, { token, body: { stageId: other.id } })
    expect(refused.status).toBe(403)

    await open(page, '/settings/pipelines')
    await page.getByText('Only owners and admins can change them.').waitFor()
    await expect(page.getByTestId('pipeline-save').count()).resolves.toBe(0)
    await expect(page.getByTestId('stage-grip').count()).resolves.toBe(0)
    await expect(page.locator('#pipeline-name').isDisabled()).resolves.toBe(true)
    expect(errors).toEqual([])
    await page.context().close()
  })
})
