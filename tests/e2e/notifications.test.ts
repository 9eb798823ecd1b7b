import { randomBytes } from 'node:crypto'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { collectErrors, hydrated, launchBrowser, screenshot, signIn, typeDate, VIEWPORTS } from '../support/browser'
import { call, DEMO, login } from '../support/http'

const COLLEAGUE = { email: 'mehmet.yilmaz@pulse.test', password: DEMO.password }
const unique = () => randomBytes(3).toString('hex')

let browser: Browser
const errors: string[] = []
const demo = { id: '', name: '', token: '' }
let colleagueToken = ''

async function api<T = any>(token: string, method: string, path: string, body?: unknown): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read whatever JSON came back
  const res = await call(method, path, { token, body })
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`)
  return res.body.data as T
}

beforeAll(async () => {
  browser = await launchBrowser()
  demo.token = await login()
  const me = await api(demo.token, 'GET', '/api/v1/auth/me')
  demo.id = me.user.id
  demo.name = me.user.name
  colleagueToken = await login(COLLEAGUE.email, COLLEAGUE.password)
  // Start from nothing unread, so the badge's rise is the colleague's mention.
  await api(demo.token, 'POST', '/api/v1/notifications/read', { all: true })
})

afterAll(async () => {
  await browser?.close()
  expect(errors).toEqual([])
})

const LANGUAGE = {
  desktop: { locale: 'en-GB', mentioned: 'mentioned you in', reminder: '15 minutes before' },
  tablet: { locale: 'de-DE', mentioned: 'hat Sie in', reminder: '15 Minuten vorher' },
} as const

describe.each(VIEWPORTS)('notifications in Chromium at $name size', ({ name: size, viewport, hasTouch }) => {
  const language = LANGUAGE[size]
  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ locale: language.locale, timezoneId: 'Europe/Berlin', viewport, hasTouch, isMobile: false, baseURL: inject('baseUrl') })
    return collectErrors(await context.newPage(), errors)
  }
  const tap = (target: Locator) => (hasTouch ? target.tap() : target.click())
  const badge = (page: Page) => page.getByTestId('notifications-badge')
  const panel = (page: Page) => page.locator('[data-testid="notifications-panel"]:visible')

  it('shows a colleague\'s mention in the bell without a reload, opens it on the activity, and marks all read', async () => {
    await api(demo.token, 'POST', '/api/v1/notifications/read', { all: true })
    const page = await newPage()
    await signIn(page)
    await expect(badge(page).count()).resolves.toBe(0)

    const subject = `Kickoff ${unique()}`
    const activity = await api(colleagueToken, 'POST', '/api/v1/activities', {
      type: 'note', subject, note: `Please prepare the agenda, @[${demo.name}](user:${demo.id}).`, completedAt: new Date().toISOString(),
    })
    // Polled every 2 s in the tests: no reload.
    await badge(page).waitFor({ timeout: 15_000 })
    expect(Number(await badge(page).textContent())).toBeGreaterThanOrEqual(1)

    await tap(page.getByTestId('notifications-bell'))
    const item = panel(page).getByTestId('notification-item').filter({ hasText: subject })
    await item.waitFor()
    await expect(item.textContent()).resolves.toContain(language.mentioned)
    await expect(item.getAttribute('data-unread')).resolves.toBe('true')
    await page.waitForTimeout(400) // the panel's fade-in
    await screenshot(page, `notifications-panel-${size}`)
    // A full-page screenshot resizes the window, which may close the popover: close it for sure and open it again.
    await page.keyboard.press('Escape')
    await panel(page).waitFor({ state: 'detached' })
    await tap(page.getByTestId('notifications-bell'))
    await item.waitFor()

    await tap(item)
    await page.waitForURL(url => url.pathname === '/activities' && url.searchParams.get('open') === activity.id)
    await expect(page.locator('.p-drawer #activity-subject').inputValue()).resolves.toBe(subject)
    await page.keyboard.press('Escape')

    // Another unread one, then "mark all as read" empties the badge.
    await api(colleagueToken, 'POST', '/api/v1/activities', {
      type: 'note', subject: `Follow-up ${unique()}`, note: `@[${demo.name}](user:${demo.id}) FYI`, completedAt: new Date().toISOString(),
    })
    await badge(page).waitFor({ timeout: 15_000 })
    await tap(page.getByTestId('notifications-bell'))
    await panel(page).getByTestId('notification-item').first().waitFor()
    await tap(panel(page).getByTestId('notifications-mark-all'))
    await badge(page).waitFor({ state: 'detached' })
    await page.context().close()
  })

  it('lists notifications on their page, filtered by unread and kind', async () => {
    const subject = `Angebot ${unique()}`
    await api(colleagueToken, 'POST', '/api/v1/activities', {
      type: 'note', subject, note: `@[${demo.name}](user:${demo.id}) bitte prüfen`, completedAt: new Date().toISOString(),
    })
    const page = await newPage()
    await signIn(page)
    await page.goto('/notifications')
    await hydrated(page)
    const items = page.getByTestId('notification-item')
    await items.filter({ hasText: subject }).waitFor()
    await screenshot(page, `notifications-page-${size}`)

    await tap(page.locator('#notifications-unread'))
    await page.waitForURL(url => url.searchParams.get('unread') === 'true')
    const row = page.getByRole('listitem').filter({ hasText: subject })
    await expect.poll(() => items.evaluateAll(all => all.every(el => el.getAttribute('data-unread') === 'true'))).toBe(true)
    await tap(row.getByTestId('notification-mark-read'))
    await row.waitFor({ state: 'detached' })

    await tap(page.locator('#notifications-unread'))
    await page.waitForURL(url => !url.searchParams.has('unread'))
    await tap(page.getByTestId('notifications-kind-filter'))
    await tap(page.getByRole('option', { name: size === 'desktop' ? 'Mentions' : 'Erwähnungen' }))
    await page.waitForURL(url => url.searchParams.get('kind') === 'mention')
    await items.filter({ hasText: subject }).waitFor()
    for (const text of await items.allTextContents()) expect(text).toContain(language.mentioned)
    await expect(items.filter({ hasText: subject }).getAttribute('data-unread')).resolves.toBe('false')

    await page.goto('/notifications?unread=true&kind=deal_lost')
    await hydrated(page)
    await page.getByTestId('notifications-empty').waitFor()
    await page.context().close()
  })

  it('sets a reminder on a new task and mentions a colleague in its note', async () => {
    const page = await newPage()
    await signIn(page)
    await page.goto('/activities')
    await hydrated(page)
    await tap(page.getByTestId('activity-create'))
    const form = page.getByTestId('activity-form')
    const subject = `Call Frau Weiß ${unique()}`
    await form.locator('#activity-subject').fill(subject)

    await form.locator('#activity-note').click()
    await page.keyboard.type('Bitte mit @Meh')
    const option = page.getByTestId('mention-option').filter({ hasText: 'Mehmet' })
    await option.waitFor()
    await tap(option)
    // The field shows the name; the note it saves carries the markup that notifies.
    await expect(form.locator('#activity-note').inputValue()).resolves.toBe('Bitte mit @Mehmet Yılmaz ')
    await page.keyboard.type('anrufen.')

    await typeDate(form.locator('#activity-due'), '2030-03-14T14:00', language.locale === 'de-DE' ? 'de' : 'en')
    await tap(form.getByTestId('reminder-add'))
    await tap(page.getByRole('option', { name: language.reminder }))
    await form.getByTestId('reminder-chip').filter({ hasText: language.reminder }).waitFor()
    await screenshot(page, `notifications-reminder-${size}`)

    const saved = page.waitForResponse(res => res.url().endsWith('/api/v1/activities') && res.request().method() === 'POST')
    await tap(form.locator('button[type=submit]'))
    const body = await (await saved).json()
    expect(body.data.reminders).toContain(15)
    expect(body.data.note).toMatch(/^Bitte mit @\[Mehmet Yılmaz\]\(user:[0-9a-f-]{36}\) anrufen\.$/)
    await page.context().close()
  })

  it('switches a kind\'s email in the settings and shows the failed background jobs to an admin', async () => {
    const page = await newPage()
    await signIn(page)
    await page.goto('/settings')
    await hydrated(page)
    const form = page.getByTestId('notification-settings')
    await form.waitFor()
    await page.getByTestId('background-jobs').waitFor()
    await form.scrollIntoViewIfNeeded()
    await screenshot(page, `notifications-settings-${size}`)
    const dealWon = form.getByTestId('email-deal_won').locator('input')
    await expect(dealWon.isChecked()).resolves.toBe(false)
    await tap(dealWon)
    const saved = page.waitForResponse(res => res.url().endsWith('/api/v1/notifications/preferences') && res.request().method() === 'PUT')
    await tap(form.getByTestId('notification-settings-save'))
    expect((await saved).status()).toBe(200)
    const preferences = await api(demo.token, 'GET', '/api/v1/notifications/preferences')
    expect(preferences.settings.deal_won).toEqual({ email: true })
    await api(demo.token, 'PUT', '/api/v1/notifications/preferences', { settings: { deal_won: { email: false } } })
    await page.context().close()
  })
})
