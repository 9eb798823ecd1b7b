import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { collectErrors, hydrated, launchBrowser, screenshot, signIn } from '../support/browser'
import { DEMO } from '../support/http'

let browser: Browser
const errors: string[] = []

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

async function newPage(locale: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ locale, viewport, baseURL: inject('baseUrl') })
  // Console errors count, except failed resource loads: the wrong-password test wants its 401.
  return collectErrors(await context.newPage(), errors)
}

describe('the app shell in Chromium', () => {
  it('sends a visitor to sign-in and shows a translated error for a wrong password', async () => {
    const page = await newPage('de-DE')
    await page.goto('/')
    await page.waitForURL(url => url.pathname === '/login')
    await hydrated(page)
    await expect(page.locator('h1').textContent()).resolves.toContain('Bei Pulse anmelden')
    await page.locator('#email').fill(DEMO.email)
    await page.locator('#password').fill('definitely-wrong')
    await page.locator('form button[type=submit]').click()
    await expect(page.getByTestId('login-error').textContent()).resolves.toContain('E-Mail oder Passwort ist falsch')
    await page.context().close()
  })

  it('signs in, shows the dashboard with data, and keeps it on reload (SSR)', async () => {
    const page = await newPage('en-GB')
    await signIn(page)
    await expect(page.locator('h1').textContent()).resolves.toMatch(/^Hello, /)
    await page.reload()
    await page.getByTestId('dashboard-kpis').waitFor()
    const nav = page.getByRole('navigation', { name: 'Main navigation' })
    for (const label of ['Dashboard', 'Contacts', 'Companies', 'Deals', 'Activities', 'Settings']) {
      await expect(nav.getByRole('link', { name: label }).isVisible()).resolves.toBe(true)
    }
    await page.context().close()
  })

  it('draws the dashboard\'s bars to scale on a desktop and on a tablet: a larger value is never a shorter bar', async () => {
    for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
      const page = await newPage('en-GB', viewport)
      await signIn(page)
      await screenshot(page, `dashboard-${viewport.width}`)
      const charts = page.locator('table:has([data-testid="chart-bar"])')
      expect(await charts.count()).toBeGreaterThan(0)
      for (const chart of await charts.all()) {
        const bars = await chart.getByTestId('chart-bar').evaluateAll(rows => rows.map(row => ({
          value: Number((row.querySelector('td span')?.textContent ?? '').replace(/[^\d.]/g, '')),
          width: row.querySelector<HTMLElement>('[data-testid="chart-bar-fill"]')!.getBoundingClientRect().width,
        })))
        for (const a of bars) {
          for (const b of bars) if (a.value > b.value) expect(a.width, `${viewport.width}px: ${a.value} against ${b.value}`).toBeGreaterThanOrEqual(b.width)
        }
      }
      await page.context().close()
    }
  })

  it('collapses the sidebar to icons on a tablet by itself, and on a desktop by choice, remembered', async () => {
    const sidebarWidth = async (page: Page) => (await page.getByTestId('sidebar').boundingBox())!.width
    const tablet = await newPage('en-GB', { width: 1024, height: 768 })
    await signIn(tablet)
    expect(await sidebarWidth(tablet)).toBeLessThanOrEqual(72)
    // Icons only, each link still named (and titled) for what it opens.
    const contacts = tablet.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Contacts' })
    await expect(contacts.getAttribute('title')).resolves.toBe('Contacts')
    await screenshot(tablet, 'shell-1024-rail')
    await contacts.click()
    await tablet.waitForURL(url => url.pathname === '/contacts')
    // The main column starts right of the rail, not under it.
    expect((await tablet.locator('main').boundingBox())!.x).toBeGreaterThanOrEqual(64)
    await tablet.context().close()

    const desktop = await newPage('en-GB', { width: 1440, height: 900 })
    await signIn(desktop)
    expect(await sidebarWidth(desktop)).toBe(240)
    await desktop.getByTestId('nav-collapse').click()
    await expect.poll(() => sidebarWidth(desktop)).toBeLessThanOrEqual(72)
    await desktop.reload()
    await hydrated(desktop)
    expect(await sidebarWidth(desktop)).toBeLessThanOrEqual(72)
    await screenshot(desktop, 'shell-1440-rail')
    await desktop.getByTestId('nav-expand').click()
    await expect.poll(() => sidebarWidth(desktop)).toBe(240)
    await desktop.context().close()
  })

  it('keeps a list wider than the page scrollable in view, its header row on top, on a desktop and a tablet', async () => {
    for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
      const page = await newPage('en-GB', viewport)
      await signIn(page)
      await page.goto('/contacts')
      await hydrated(page)
      const box = page.getByTestId('list-scroller')
      await box.scrollIntoViewIfNeeded()
      const seen = await box.evaluate((el) => {
        const before = el.getBoundingClientRect()
        el.scrollTop = 400
        el.scrollLeft = 10_000
        const header = el.querySelector('thead th')!.getBoundingClientRect()
        return { height: before.height, wider: el.scrollWidth > el.clientWidth, scrolledLeft: el.scrollLeft, headerTop: header.top - el.getBoundingClientRect().top }
      })
      // The whole box, and so its horizontal scrollbar, fits on the screen below the 64 px header.
      expect(seen.height, `${viewport.width}px`).toBeLessThanOrEqual(viewport.height - 64)
      if (seen.wider) expect(seen.scrolledLeft, `${viewport.width}px`).toBeGreaterThan(0)
      // Scrolled down, the column headers stay at the top of the box.
      expect(Math.round(seen.headerTop), `${viewport.width}px`).toBe(0)
      await screenshot(page, `contacts-${viewport.width}`)
      await page.context().close()
    }
  })

  it('hydrates times in the zone the server wrote them in, then shows a travelling browser its own zone', async () => {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'America/New_York', viewport: { width: 1280, height: 800 }, baseURL: inject('baseUrl') })
    const seen: string[] = []
    const page = await context.newPage()
    page.on('console', msg => (msg.type() === 'error' || msg.type() === 'warning') && seen.push(msg.text()))
    await signIn(page)
    // Last here from Berlin: the server renders Berlin time, the browser lives in New York.
    await context.addCookies([{ name: 'pulse_tz', value: 'Europe/Berlin', url: inject('baseUrl') }])
    await page.goto('/')
    await hydrated(page)
    const cookie = async () => decodeURIComponent((await context.cookies()).find(c => c.name === 'pulse_tz')?.value ?? '')
    await expect.poll(cookie).toBe('America/New_York')
    expect(seen.filter(text => /hydrat/i.test(text))).toEqual([])
    await context.close()
  })

  it('switches the language from the header and remembers it', async () => {
    const page = await newPage('en-GB')
    const warnings: string[] = []
    page.on('console', msg => msg.type() === 'warning' && warnings.push(msg.text()))
    await signIn(page)
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en-GB')
    await page.locator('header [aria-label="Language"]').click()
    await page.getByRole('option', { name: 'Deutsch' }).click()
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).waitFor()
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('de-DE')
    await page.reload()
    await expect(page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Einstellungen' }).isVisible()).resolves.toBe(true)
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('de-DE')
    expect(warnings.filter(text => text.includes('baseUrl'))).toEqual([])
    await page.context().close()
  })

  it('moves around by keyboard: ? lists the shortcuts, g and a letter go to a screen, / searches, c and d create, typing stays typing', async () => {
    const page = await newPage('en-GB', { width: 1440, height: 900 })
    await signIn(page)
    await page.keyboard.press('?')
    const help = page.getByTestId('shortcuts')
    await help.waitFor()
    for (const text of ['Keyboard shortcuts', 'New contact', 'New deal', 'New activity', 'Contacts', 'Ctrl K']) {
      await expect(help.textContent()).resolves.toContain(text)
    }
    await screenshot(page, 'shortcuts-desktop')
    // While the help is open, keys are its own: g c does not leave the page behind it.
    await page.keyboard.press('g')
    await page.keyboard.press('c')
    expect(new URL(page.url()).pathname).toBe('/')
    await page.keyboard.press('Escape')
    await help.waitFor({ state: 'detached' })

    await page.keyboard.press('g')
    await page.keyboard.press('c')
    await page.waitForURL(url => url.pathname === '/contacts')
    await page.getByTestId('contact-link').first().waitFor()
    await page.keyboard.press('/')
    const search = page.locator('[data-shortcut="search"]')
    await expect.poll(() => search.evaluate(el => el === document.activeElement)).toBe(true)
    // Typed into the field, `g` and `d` are letters, not a trip to the deals.
    await page.keyboard.type('gd')
    await expect(search.inputValue()).resolves.toBe('gd')
    expect(new URL(page.url()).pathname).toBe('/contacts')
    await search.fill('')
    await search.blur()

    await page.keyboard.press('c')
    const drawer = page.locator('.p-drawer')
    await drawer.locator('#contact-firstName').waitFor()
    await expect.poll(() => new URL(page.url()).searchParams.has('new')).toBe(false)
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'detached' })

    await page.keyboard.press('d')
    await page.waitForURL(url => url.pathname === '/deals')
    await drawer.locator('#deal-title').waitFor()
    await page.context().close()
  })

  it('opens the navigation drawer on a tablet in portrait', async () => {
    const page = await newPage('de-DE', { width: 768, height: 1024 })
    await signIn(page)
    await page.getByRole('button', { name: 'Menü öffnen' }).click()
    await page.locator('.p-drawer').getByRole('link', { name: 'Einstellungen' }).click()
    await page.waitForURL(url => url.pathname === '/settings')
    await expect(page.locator('h1').textContent()).resolves.toBe('Einstellungen')
    await page.context().close()
  })

  it('ran without script errors', () => {
    expect(errors).toEqual([])
  })
})
