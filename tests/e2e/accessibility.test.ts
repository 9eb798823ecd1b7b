import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { collectErrors, hydrated, launchBrowser, signIn, VIEWPORTS } from '../support/browser'
import { call, DEMO, login } from '../support/http'

// Every main screen, in the light and the dark theme, checked by axe-core against WCAG 2.2
// A and AA: colour contrast of what is rendered (not of the palette on paper), names and
// labels of controls, landmarks, ARIA use. The demo organization gives the screens real
// data; the test only reads.

interface Violation { id: string, impact: string | null, help: string, nodes: { target: string[], html: string, failureSummary?: string }[] }

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const TABLET = VIEWPORTS.find(v => v.name === 'tablet')!

let browser: Browser
const errors: string[] = []
const screens: { name: string, path: string }[] = [
  { name: 'dashboard', path: '/' },
  { name: 'contacts', path: '/contacts' },
  { name: 'companies', path: '/companies' },
  { name: 'deals board', path: '/deals' },
  { name: 'activities', path: '/activities' },
  { name: 'duplicates: contacts', path: '/duplicates' },
  { name: 'duplicates: companies', path: '/duplicates?kind=company' },
  { name: 'activities: week', path: '/activities?view=week&scope=team' },
  { name: 'activities: month', path: '/activities?view=month&scope=team' },
  { name: 'settings: organization', path: '/settings' },
  { name: 'settings: members', path: '/settings/members' },
  { name: 'settings: pipelines', path: '/settings/pipelines' },
  { name: 'settings: API keys', path: '/settings/api-keys' },
  { name: 'settings: audit log', path: '/settings/audit' },
]

/** Runs axe on the page as it is now; the page's CSP does not apply to evaluated code. */
async function violations(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE_SOURCE)
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: Violation[] }> } }).axe
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] })
    return result.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => ({ target: n.target, html: n.html.slice(0, 200), failureSummary: n.failureSummary })) }))
  })
}

/** One line per failing element, so a failure names what to fix. */
const describeAll = (found: Violation[]) => found.flatMap(v => v.nodes.map(n => `${v.id} (${v.impact}): ${n.target.join(' ')} ${n.html} — ${v.help}${n.failureSummary ? `\n    ${n.failureSummary.replace(/\n/g, '\n    ')}` : ''}`))

beforeAll(async () => {
  browser = await launchBrowser()
  // Record pages of the demo data, found through the API.
  const token = await login()
  for (const [name, resource] of [['contact', 'contacts'], ['company', 'companies'], ['deal', 'deals']] as const) {
    const list = await call('GET', `/api/v1/${resource}?limit=1`, { token })
    expect(list.status, list.text).toBe(200)
    screens.push({ name: `${name} detail`, path: `/${resource}/${list.body.data[0].id}` })
  }
})

afterAll(async () => {
  await browser?.close()
  expect(errors).toEqual([])
})

describe.each(['light', 'dark'] as const)('WCAG 2.2 AA in the %s theme at tablet size', (theme) => {
  let page: Page

  beforeAll(async () => {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Berlin', viewport: TABLET.viewport, hasTouch: true, baseURL: inject('baseUrl') })
    const { hostname } = new URL(inject('baseUrl'))
    await context.addCookies([{ name: 'pulse_theme', value: theme, domain: hostname, path: '/' }])
    page = collectErrors(await context.newPage(), errors)
    await signIn(page, DEMO)
    await expect(page.evaluate(() => document.documentElement.classList.contains('dark'))).resolves.toBe(theme === 'dark')
  })

  afterAll(async () => {
    await page?.context().close()
  })

  it.each(screens)('$name has no violations', async ({ path }) => {
    await page.goto(path)
    await hydrated(page)
    await page.locator('main').waitFor()
    expect(describeAll(await violations(page))).toEqual([])
  })

  it('the command palette and a record form with tags have none either', async () => {
    await page.goto('/contacts')
    await hydrated(page)
    await page.getByTestId('palette-button').click()
    await page.getByRole('listbox').waitFor()
    expect(describeAll(await violations(page)), 'palette').toEqual([])
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: /new contact/i }).click()
    await page.getByRole('dialog').waitFor()
    // Tags by keyboard: comma or Enter adds, the list names each with its remove button.
    const tags = page.getByLabel('Tags', { exact: true }).first()
    await tags.pressSequentially('VIP,Key account')
    await tags.press('Enter')
    const list = page.getByRole('list', { name: 'Tags' })
    await expect(list.getByRole('listitem').allTextContents()).resolves.toEqual(['VIP', 'Key account'])
    expect(describeAll(await violations(page)), 'contact form').toEqual([])
    await list.getByRole('button', { name: 'Remove tag “VIP”' }).click()
    await expect(list.getByRole('listitem').allTextContents()).resolves.toEqual(['Key account'])
    await tags.press('Backspace')
    await expect(list.count()).resolves.toBe(0)
  })
})
