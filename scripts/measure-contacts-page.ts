/**
 * Figures for the contacts page (issue 5's closing note), against the built server on a
 * throw-away embedded database with the demo organization:
 * - first-load JS and CSS: every script and stylesheet Chromium loads for /contacts,
 *   gzipped here (level 9) so the number does not depend on a proxy's settings;
 * - server render time of /contacts?limit=50 against the JSON call it makes, the median
 *   of 30 sequential requests each, after 5 warm-up requests.
 *
 * npm run build && npx tsx scripts/measure-contacts-page.ts
 */
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'
import { startServer } from '../tests/support/server'

const DEMO = { email: 'demo@pulse.test', password: 'pulse-demo-2026' }
const RUNS = 30

async function median(run: () => Promise<void>): Promise<number> {
  for (let i = 0; i < 5; i++) await run()
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    await run()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return (times[RUNS / 2 - 1]! + times[RUNS / 2]!) / 2
}

const server = await startServer({ RATE_LIMIT_AUTHENTICATED: '100000', RATE_LIMIT_ANONYMOUS: '100000' })
try {
  const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO) })
  const token = ((await login.json()) as { data: { accessToken: string } }).data.accessToken

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1024, height: 768 } })
  await context.addCookies([{ name: 'pulse.access', value: token, url: server.baseUrl }])
  const page = await context.newPage()
  const loads: Promise<{ type: string, url: string, raw: number, gzip: number }>[] = []
  const onResponse = (response: import('playwright-core').Response) => {
    const type = response.request().resourceType()
    if (type === 'script' || type === 'stylesheet') {
      loads.push(response.body().then(body => ({ type, url: new URL(response.url()).pathname, raw: body.length, gzip: gzipSync(body, { level: 9 }).length })))
    }
  }
  page.on('response', onResponse)
  await page.goto('/contacts')
  await page.waitForLoadState('networkidle')
  // What loads later (service worker precache, prefetches on idle) is not the first load.
  page.off('response', onResponse)
  const html = await page.content()
  const inlineCss = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map(m => m[1]!).join('')
  const assets = await Promise.all(loads)
  await browser.close()
  const sum = (type: string, key: 'raw' | 'gzip') => assets.filter(a => a.type === type).reduce((total, a) => total + a[key], 0)
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
  console.log(`JS:  ${assets.filter(a => a.type === 'script').length} files, ${kb(sum('script', 'raw'))} raw, ${kb(sum('script', 'gzip'))} gzipped`)
  for (const a of assets.filter(a => a.type === 'script').sort((x, y) => y.gzip - x.gzip).slice(0, 6)) console.log(`  ${kb(a.gzip).padStart(9)}  ${a.url}`)
  console.log(`CSS: ${assets.filter(a => a.type === 'stylesheet').length} files, ${kb(sum('stylesheet', 'raw'))} raw, ${kb(sum('stylesheet', 'gzip'))} gzipped; inline <style> in the HTML ${kb(inlineCss.length)} raw, ${kb(gzipSync(inlineCss).length)} gzipped`)

  const headers = { cookie: `pulse.access=${token}`, authorization: `Bearer ${token}` }
  let htmlBytes = 0
  let htmlGzip = 0
  const pageMs = await median(async () => {
    const res = await fetch(`${server.baseUrl}/contacts?limit=50`, { headers: { cookie: headers.cookie } })
    const text = await res.text()
    if (res.status !== 200 || !text.includes('data-testid="contact-link"')) throw new Error(`page: ${res.status}`)
    htmlBytes = Buffer.byteLength(text)
    htmlGzip = gzipSync(text, { level: 9 }).length
  })
  const jsonMs = await median(async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/contacts?limit=50`, { headers: { authorization: headers.authorization } })
    const body = await res.json() as { data: unknown[] }
    if (res.status !== 200 || body.data.length !== 50) throw new Error(`json: ${res.status}`)
  })
  console.log(`SSR /contacts?limit=50: median ${pageMs.toFixed(1)} ms; GET /api/v1/contacts?limit=50: median ${jsonMs.toFixed(1)} ms; ratio ${(pageMs / jsonMs).toFixed(1)}x`)
  console.log(`HTML of /contacts?limit=50: ${kb(htmlBytes)} raw, ${kb(htmlGzip)} gzipped`)
}
finally {
  await server.stop()
}
