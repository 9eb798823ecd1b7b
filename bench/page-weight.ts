// Page weight: what a browser fetches for a cold first load of each list page, signed in, as
// it travels (compressed, headers excluded), from the production build with no proxy in front.
// Issue 18's target: at most 250 KB for the first load of any list page.
// By hand (needs `npm run build` and Chromium):  npx tsx bench/page-weight.ts
import { launchBrowser, signIn } from '../tests/support/browser'
import { startServer } from '../tests/support/server'

const PAGES = ['/contacts', '/companies', '/deals', '/activities'] as const
const LIMIT_KB = 250

interface Fetched { url: string, type: string, encoding: string, bytes: number }

const server = await startServer()
const browser = await launchBrowser()
try {
  // Signed in once; each page is then loaded in a fresh context with the same cookies and an empty cache.
  const setup = await browser.newContext({ baseURL: server.baseUrl, locale: 'de-DE' })
  const signInPage = await setup.newPage()
  await signIn(signInPage)
  const storage = await setup.storageState()
  await setup.close()

  const rows: { page: string, scripts: number, jsKb: number, cssKb: number, otherKb: number, totalKb: number, uncompressed: string[] }[] = []
  for (const path of PAGES) {
    const context = await browser.newContext({ baseURL: server.baseUrl, locale: 'de-DE', storageState: storage, viewport: { width: 1440, height: 900 } })
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    const responses = new Map<string, { url: string, type: string, encoding: string }>()
    const fetched: Fetched[] = []
    cdp.on('Network.responseReceived', ({ requestId, type, response }) => {
      const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]))
      responses.set(requestId, { url: response.url, type, encoding: headers['content-encoding'] ?? '' })
    })
    cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
      const response = responses.get(requestId)
      if (response) fetched.push({ ...response, bytes: encodedDataLength })
    })
    await page.goto(path, { waitUntil: 'networkidle' })
    await context.close()
    const kb = (list: Fetched[]) => Math.round(list.reduce((sum, f) => sum + f.bytes, 0) / 102.4) / 10
    const scripts = fetched.filter(f => f.type === 'Script')
    const styles = fetched.filter(f => f.type === 'Stylesheet')
    rows.push({
      page: path,
      scripts: scripts.length,
      jsKb: kb(scripts),
      cssKb: kb(styles),
      otherKb: kb(fetched.filter(f => f.type !== 'Script' && f.type !== 'Stylesheet')),
      totalKb: kb(fetched),
      // Text the server sent without compression (the page itself, scripts, styles, JSON).
      uncompressed: fetched.filter(f => !f.encoding && /^(Document|Script|Stylesheet|Fetch|XHR)$/.test(f.type) && f.bytes > 1024).map(f => new URL(f.url).pathname),
    })
  }

  console.log('| Page | Scripts | JS KB | CSS KB | Other KB | Total KB | Limit | Met |')
  console.log('|---|--:|--:|--:|--:|--:|--:|---|')
  for (const row of rows) {
    console.log(`| ${row.page} | ${row.scripts} | ${row.jsKb} | ${row.cssKb} | ${row.otherKb} | ${row.totalKb} | ${LIMIT_KB} | ${row.totalKb <= LIMIT_KB ? 'met' : '**missed**'} |`)
  }
  const uncompressed = [...new Set(rows.flatMap(row => row.uncompressed))]
  console.log(uncompressed.length ? `\nSent uncompressed (over 1 KB): ${uncompressed.join(', ')}` : '\nEverything over 1 KB was sent compressed.')
}
finally {
  await browser.close()
  await server.stop()
}
