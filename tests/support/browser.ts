import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
import { DEMO } from './http'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Debian's Chromium, headless, with no background traffic (this machine has no
 * internet). Playwright gives every launch a fresh, throw-away profile.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`)
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

/**
 * Waits until Nuxt has finished hydrating the page: Vue mounted the app and every async
 * page and layout resolved, so their mounted hooks (keyboard shortcuts, listeners) run and
 * typed input is not replaced by the server's.
 */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const app = (document.querySelector('#__nuxt') as { __vue_app__?: { config: { globalProperties: { $nuxt?: { isHydrating?: boolean } } } } } | null)?.__vue_app__
    return app?.config.globalProperties.$nuxt?.isHydrating === false
  })
}

/** Signs in on /login and waits for the dashboard. */
export async function signIn(page: Page, account: { email: string, password: string } = DEMO): Promise<void> {
  await page.goto('/login')
  await hydrated(page)
  await page.locator('#email').fill(account.email)
  await page.locator('#password').fill(account.password)
  await page.locator('form button[type=submit]').click()
  await page.waitForURL(url => url.pathname === '/')
  await page.getByTestId('dashboard-kpis').waitFor()
  await hydrated(page)
}

/**
 * Collects the page's uncaught errors and console errors into `errors`, except failed
 * resource loads: tests provoke 4xx answers on purpose.
 */
export function collectErrors(page: Page, errors: string[]): Page {
  page.on('pageerror', error => errors.push(error.message))
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) errors.push(msg.text())
  })
  return page
}

/** The two screens every UI scenario runs on: a desktop with a mouse, and a 1024×768 touch tablet. */
export const VIEWPORTS = [
  { name: 'desktop', viewport: { width: 1440, height: 900 }, hasTouch: false },
  { name: 'tablet', viewport: { width: 1024, height: 768 }, hasTouch: true },
] as const satisfies readonly { name: 'desktop' | 'tablet', viewport: { width: number, height: number }, hasTouch: boolean }[]
export type Viewport = (typeof VIEWPORTS)[number]

/** Saves a full-page screenshot to test-results/screenshots/<name>.png (gitignored) for review. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir('test-results/screenshots', { recursive: true })
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true })
}

/** Types a date (`YYYY-MM-DD`) or date and time (`YYYY-MM-DDTHH:mm`) into a date field the way its language writes it. */
export async function typeDate(field: Locator, value: string, language: 'de' | 'en' = 'en'): Promise<void> {
  const [, y, m, d, time] = value.match(/^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2}))?$/)!
  const day = language === 'de' ? `${d}.${m}.${y}` : `${d}/${m}/${y}`
  await field.fill(time ? `${day} ${time}` : day)
  await field.blur()
}
