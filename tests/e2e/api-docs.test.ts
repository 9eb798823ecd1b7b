import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from '../support/browser'

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

describe('the API reference at /api/docs in Chromium', () => {
  it('renders every documented operation from this server alone, within its CSP', async () => {
    const origin = new URL(inject('baseUrl')).origin
    const context = await browser.newContext({ baseURL: origin, viewport: { width: 1280, height: 900 } })
    // As offline as production: anything not from this server is refused and remembered.
    const elsewhere: string[] = []
    await context.route('**/*', (route) => {
      const url = route.request().url()
      if (url.startsWith(`${origin}/`) || url.startsWith('data:')) return route.continue()
      elsewhere.push(url)
      return route.abort()
    })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('pageerror', error => problems.push(error.message))
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') problems.push(msg.text())
    })
    const violations: string[] = []
    await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text))
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { reportCspViolation: (t: string) => void }).reportCspViolation(`${e.violatedDirective} ${e.blockedURI}`)
      })
    })

    const response = await page.goto('/api/docs')
    expect(response?.status()).toBe(200)
    expect(await page.title()).toBe('Pulse CRM API reference')
    await page.locator('.opblock').first().waitFor()

    const documented = await (await page.request.get('/api/v1/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> }
    const operations = Object.entries(documented.paths).flatMap(([path, item]) => Object.keys(item).map(method => ({ method, path })))
    await expect(page.locator('.opblock').count()).resolves.toBe(operations.length)
    for (const { method, path } of operations) {
      const block = page.locator(`.opblock-${method}`).filter({ has: page.locator(`[data-path="${path}"]`) })
      await expect(block.count(), `${method.toUpperCase()} ${path}`).resolves.toBe(1)
    }
    await expect(page.locator('.pulse-docs-header').textContent()).resolves.toContain('Pulse')
    await expect(page.locator('.info .title').textContent()).resolves.toContain('Pulse CRM API')

    // An operation opens with its parameters, body and documented answers.
    const login = page.locator('.opblock-post').filter({ has: page.locator('[data-path="/api/v1/auth/login"]') })
    await login.locator('.opblock-summary').click()
    await login.locator('.responses-table').waitFor()
    for (const status of ['200', '400', '401', '413', '429']) {
      await expect(login.locator(`.responses-table tr.response[data-code="${status}"]`).count(), status).resolves.toBe(1)
    }
    await expect(login.locator('.opblock-section-request-body').isVisible()).resolves.toBe(true)

    // Both credentials can be entered under "Authorize".
    await page.locator('.btn.authorize').click()
    await expect(page.locator('.auth-container h4').allTextContents()).resolves.toEqual(expect.arrayContaining([expect.stringContaining('bearerAuth'), expect.stringContaining('apiKey')]))

    expect(elsewhere).toEqual([])
    expect(violations).toEqual([])
    expect(problems).toEqual([])
    await context.close()
  })
})
