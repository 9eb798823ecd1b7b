import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, request, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import { CHROMIUM, collectErrors, hydrated, launchBrowser, signIn } from '../support/browser'
import { DEMO } from '../support/http'
import { startServer, type TestServer } from '../support/server'

// The installable tablet app (README, "Tablet app and offline reading"): Chromium's own
// installability check, the service worker's caches (the shell, never an API answer),
// the update prompt, the offline page with the server stopped, and the offline copies of
// the last-viewed records, which belong to the signed-in user only and go at sign-out.

const SOPHIE = { email: 'sophie.martin@pulse.test', password: DEMO.password } // viewer, English
const JULIA = { email: 'julia.weiss@pulse.test', password: DEMO.password } // member, German

/** How long a condition may take to come true on a busy machine (a bound, not a measurement). */
const WAIT = { timeout: 20_000, interval: 200 }

let browser: Browser
const errors: string[] = []

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

beforeEach(() => {
  errors.length = 0
})

async function newContext(baseURL: string, locale: 'de-DE' | 'en-GB' = 'de-DE', options: { tablet?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    locale,
    viewport: options.tablet ? { width: 1024, height: 768 } : { width: 1280, height: 800 },
    hasTouch: !!options.tablet,
  })
}

/** Waits for the service worker to be active, and reloads once so that it controls the page. */
async function controlled(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true))
  if (!await page.evaluate(() => !!navigator.serviceWorker.controller)) {
    await page.reload()
    await hydrated(page)
  }
  expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true)
}

/** Every URL in Cache Storage, by cache. */
function cachedUrls(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async () => {
    const all: Record<string, string[]> = {}
    for (const name of await caches.keys()) all[name] = (await (await caches.open(name)).keys()).map(request => request.url)
    return all
  })
}

/** Whether any cached response contains one of `needles` (personal data). */
function cacheMentions(page: Page, needles: string[]): Promise<string[]> {
  return page.evaluate(async (needles) => {
    const found: string[] = []
    for (const name of await caches.keys()) {
      const cache = await caches.open(name)
      for (const request of await cache.keys()) {
        const text = await (await cache.match(request))!.text()
        for (const needle of needles) if (text.includes(needle)) found.push(`${request.url}: ${needle}`)
      }
    }
    return found
  }, needles)
}

interface StoreContents { exists: boolean, owner: { userId: string, name: string, locale: string } | null, records: { kind: string, id: string }[], tasks: { items: { subject: string }[] }[] }

/** What the offline store (composables/useOfflineRecords.ts) holds, read without creating it. */
function offlineStore(page: Page): Promise<StoreContents> {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases()).map(db => db.name)
    if (!names.includes('pulse-offline')) return { exists: false, owner: null, records: [], tasks: [] }
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('pulse-offline')
      open.onsuccess = () => resolve(open.result)
      open.onerror = () => reject(open.error)
    })
    const read = (store: string, key?: string) => new Promise<unknown>((resolve, reject) => {
      const request = key ? db.transaction(store).objectStore(store).get(key) : db.transaction(store).objectStore(store).getAll()
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
    const contents = {
      exists: true,
      owner: (await read('meta', 'owner') ?? null) as StoreContents['owner'],
      records: (await read('records') as { kind: string, id: string }[]).map(({ kind, id }) => ({ kind, id })),
      tasks: await read('tasks') as StoreContents['tasks'],
    }
    db.close()
    return contents
  })
}

/** Waits until the app has kept its copy of a record (a document load would cut the write short). */
async function kept(page: Page, kind: 'contact' | 'company' | 'deal', id: string): Promise<void> {
  await expect.poll(async () => (await offlineStore(page)).records.some(r => r.kind === kind && r.id === id), WAIT).toBe(true)
}

/** The session's access token (a script-readable cookie), for API calls of the test itself. */
async function bearer(context: BrowserContext): Promise<string> {
  const token = (await context.cookies()).find(c => c.name === 'pulse.access')?.value
  if (!token) throw new Error('not signed in')
  return `Bearer ${decodeURIComponent(token)}`
}

async function apiGet<T>(context: BrowserContext, path: string): Promise<T> {
  const answer = await context.request.get(path, { headers: { authorization: await bearer(context) } })
  expect(answer.status(), path).toBe(200)
  return (await answer.json()).data as T
}

/**
 * A pass-through proxy in front of the test server that can play a new deployment: from
 * `deploy()` on, its service worker script has different bytes (as after a new build).
 * Chromium fetches the worker script itself, past Playwright's request interception.
 */
async function deploymentProxy(target: string): Promise<{ baseUrl: string, deploy: () => void, close: () => Promise<void> }> {
  let deployment = 0
  const proxy: Server = createServer((incoming, answer) => {
    const swScript = incoming.url === '/sw.js' && deployment > 0
    // The whole script, never "not modified": the browser compares its bytes.
    const dropped = swScript ? ['accept-encoding', 'if-none-match', 'if-modified-since'] : []
    const headers = Object.fromEntries(Object.entries(incoming.headers).filter(([name]) => !dropped.includes(name)))
    const upstream = request(`${target}${incoming.url}`, { method: incoming.method, headers }, (response) => {
      if (!swScript) {
        answer.writeHead(response.statusCode!, response.headers)
        response.pipe(answer)
        return
      }
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => {
        const body = Buffer.concat([...chunks, Buffer.from(`\n// deployment ${deployment}\n`)])
        const { etag: _etag, 'last-modified': _modified, ...rest } = response.headers
        answer.writeHead(response.statusCode!, { ...rest, 'content-length': String(body.length) })
        answer.end(body)
      })
    })
    upstream.on('error', () => answer.destroy())
    incoming.pipe(upstream)
  })
  await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve))
  const { port } = proxy.address() as { port: number }
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    deploy: () => {
      deployment += 1
    },
    close: () => new Promise(resolve => proxy.close(() => resolve())),
  }
}

/** Size of an image the way the browser decodes it. */
function imageSize(page: Page, url: string): Promise<{ width: number, height: number, type: string, bytes: number }> {
  return page.evaluate(async (url) => {
    const blob = await (await fetch(url)).blob()
    const bitmap = await createImageBitmap(blob)
    return { width: bitmap.width, height: bitmap.height, type: blob.type, bytes: blob.size }
  }, url)
}

describe('installable app', () => {
  it('Chromium reports Pulse installable, with a complete manifest, its icons and screenshots', async () => {
    // A profile on disk: Chromium never offers to install from an incognito profile.
    const profile = mkdtempSync(join(tmpdir(), 'pulse-pwa-profile-'))
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      baseURL: inject('baseUrl'),
      locale: 'de-DE',
      viewport: { width: 1280, height: 800 },
    })
    const page = collectErrors(context.pages()[0] ?? await context.newPage(), errors)
    await page.goto('/login')
    await hydrated(page)
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true))

    const cdp = await context.newCDPSession(page)
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors')
    expect(installabilityErrors).toEqual([])
    const { url, errors: manifestErrors } = await cdp.send('Page.getAppManifest')
    expect(new URL(url).pathname).toBe('/manifest.webmanifest')
    expect(manifestErrors).toEqual([])

    const answer = await context.request.get('/manifest.webmanifest')
    expect(answer.status()).toBe(200)
    expect(answer.headers()['content-type']).toContain('application/manifest+json')
    const manifest = await answer.json()
    expect(manifest).toMatchObject({
      id: '/', name: 'Pulse CRM', short_name: 'Pulse', lang: 'de', start_url: '/', scope: '/', display: 'standalone',
      theme_color: '#4f46e5', background_color: '#f8fafc',
    })
    expect(manifest.description.length).toBeGreaterThan(20)

    const icons = manifest.icons as { src: string, sizes: string, type: string, purpose: string }[]
    for (const purpose of ['any', 'maskable']) {
      expect(icons.filter(icon => icon.purpose === purpose).map(icon => icon.sizes).sort()).toEqual(['192x192', '512x512'])
    }
    for (const icon of icons) {
      const size = await imageSize(page, icon.src)
      expect({ src: icon.src, size: `${size.width}x${size.height}`, type: size.type }).toEqual({ src: icon.src, size: icon.sizes, type: 'image/png' })
    }
    const screenshots = manifest.screenshots as { src: string, sizes: string, type: string, form_factor: string, label: string }[]
    expect(screenshots.map(s => s.form_factor).sort()).toEqual(['narrow', 'wide'])
    for (const shot of screenshots) {
      const size = await imageSize(page, shot.src)
      expect({ size: `${size.width}x${size.height}`, type: size.type }).toEqual({ size: shot.sizes, type: 'image/webp' })
      expect(size.bytes).toBeLessThan(250_000)
      expect(shot.label).toBeTruthy()
    }
    // The page links the manifest, the icons and the title-bar colour.
    expect(await page.locator('link[rel=manifest]').getAttribute('href')).toBe('/manifest.webmanifest')
    expect(await page.locator('meta[name=theme-color]').getAttribute('content')).toBe('#4f46e5')
    expect((await context.request.get(await page.locator('link[rel=apple-touch-icon]').getAttribute('href') ?? '')).status()).toBe(200)
    expect(errors).toEqual([])
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  })

  it('the service worker controls the app and keeps the shell, never a page or an API answer', async () => {
    const context = await newContext(inject('baseUrl'))
    const page = collectErrors(await context.newPage(), errors)
    await signIn(page)
    await controlled(page)
    const [contact] = await apiGet<{ id: string, firstName: string, lastName: string, email: string }[]>(context, '/api/v1/contacts?limit=1&sort=lastName')
    await page.goto(`/contacts/${contact!.id}`)
    await page.getByRole('heading', { name: `${contact!.firstName} ${contact!.lastName}` }).waitFor()
    await page.goto('/activities')
    await hydrated(page)

    const caches = await cachedUrls(page)
    const urls = Object.values(caches).flat().map(url => new URL(url))
    const paths = urls.map(url => url.pathname)
    // The shell: the build's scripts and styles, the offline page, both languages, the icons.
    expect(paths.filter(path => path.startsWith('/_nuxt/') && path.endsWith('.js')).length).toBeGreaterThan(20)
    expect(paths.some(path => path.startsWith('/_nuxt/') && path.endsWith('.css'))).toBe(true)
    expect(paths).toEqual(expect.arrayContaining(['/offline', '/manifest.webmanifest', '/pwa/icon-192.png', '/pwa/maskable-512.png']))
    expect(paths.filter(path => /^\/_i18n\/[\w-]+\/(de|en)\/messages\.json$/.test(path))).toHaveLength(2)
    // Not the API (no answer, no reference), not a server-rendered page of the signed-in user.
    expect(paths.filter(path => path.startsWith('/api/'))).toEqual([])
    expect(paths.filter(path => /^\/(contacts|companies|deals|activities|settings)(\/|$)/.test(path) || path === '/')).toEqual([])
    // The kept offline page was fetched without the session: no one's name or data in it.
    expect(await cacheMentions(page, ['Katharina Brandt', DEMO.email, contact!.email, contact!.lastName])).toEqual([])
    expect(errors).toEqual([])
    await context.close()
  })

  it('shows a push as a notification that leads to its record, and never to another site', async () => {
    const context = await newContext(inject('baseUrl'), 'en-GB', { tablet: true })
    await context.grantPermissions(['notifications'])
    const page = collectErrors(await context.newPage(), errors)
    await signIn(page)
    await controlled(page)
    // The push service's part, played by Chromium's DevTools protocol: it hands the service
    // worker a message as a push service would (the encryption is tested in tests/api/push.test.ts).
    const cdp = await context.newCDPSession(page)
    const registration = new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const active = registrations.find(r => !r.isDeleted)
        if (active) resolve(active.registrationId)
      })
    })
    await cdp.send('ServiceWorker.enable')
    const registrationId = await registration
    const origin = new URL(inject('baseUrl')).origin
    const push = (message: Record<string, string>) => cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId, data: JSON.stringify(message) })
    const shown = () => page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications())
      .map(n => ({ title: n.title, body: n.body, tag: n.tag, url: (n.data as { url: string }).url })))

    await push({ title: 'Reminder: Call Frau Weiß', body: 'Due at 14:00', url: '/activities?open=6a1f0c1e-0000-4000-8000-000000000001', tag: 'reminder-1' })
    await expect.poll(shown, WAIT).toEqual([{ title: 'Reminder: Call Frau Weiß', body: 'Due at 14:00', tag: 'reminder-1', url: `${origin}/activities?open=6a1f0c1e-0000-4000-8000-000000000001` }])
    // A message naming another site, or none, leads to the notification centre instead.
    // One at a time: a push delivered while the worker still shows the one before can be lost.
    const target = async (tag: string) => (await shown()).find(n => n.tag === tag)?.url
    await push({ title: 'Elsewhere', body: '', url: 'https://attacker.example/phish', tag: 'elsewhere' })
    await expect.poll(() => target('elsewhere'), WAIT).toBe(`${origin}/notifications`)
    await push({ title: 'Nowhere', body: '', tag: 'nowhere' })
    await expect.poll(() => target('nowhere'), WAIT).toBe(`${origin}/notifications`)
    expect(errors).toEqual([])
    await context.close()
  })

  it('offers a new version with a translated prompt and takes it over only when the user agrees', async () => {
    const proxy = await deploymentProxy(inject('baseUrl'))
    const context = await newContext(proxy.baseUrl)
    const page = collectErrors(await context.newPage(), errors)
    await signIn(page)
    await controlled(page)
    expect(await page.getByTestId('pwa-update').count()).toBe(0)

    // A new deployment, found by the browser's next update check.
    proxy.deploy()
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then(registration => registration!.update()))
    const prompt = page.getByTestId('pwa-update')
    await prompt.waitFor()
    await expect.poll(() => prompt.getByRole('paragraph').first().textContent(), WAIT).toBe('Eine neue Version von Pulse ist verfügbar')
    // It waits: the old version still controls the page until the user reloads.
    expect(await page.evaluate(() => navigator.serviceWorker.getRegistration().then(r => !!r?.waiting))).toBe(true)

    await page.getByTestId('pwa-update-later').click()
    await prompt.waitFor({ state: 'detached' })
    expect(await page.evaluate(() => navigator.serviceWorker.getRegistration().then(r => !!r?.waiting))).toBe(true)

    // Asked again (another check finds the same waiting version), and accepted this time.
    await page.evaluate(() => {
      const app = (document.querySelector('#__nuxt') as unknown as { __vue_app__: { $nuxt: { $pwa: { needRefresh: boolean } } } }).__vue_app__
      app.$nuxt.$pwa.needRefresh = true
    })
    const reloaded = page.waitForEvent('framenavigated')
    await page.getByTestId('pwa-update-reload').click()
    await reloaded
    await hydrated(page)
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.getRegistration().then(r => !r?.waiting && r?.active?.state === 'activated')), WAIT).toBe(true)
    expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true)
    expect(await page.getByTestId('pwa-update').count()).toBe(0)
    expect(errors).toEqual([])
    await context.close()
    await proxy.close()
  })

  it('without a network the header says so and moving on opens the offline page', async () => {
    const context = await newContext(inject('baseUrl'), 'en-GB', { tablet: true })
    const page = collectErrors(await context.newPage(), errors)
    await signIn(page, SOPHIE)
    await controlled(page)
    await context.setOffline(true)
    await page.getByTestId('pwa-offline-badge').waitFor()
    // In the app: the router goes to the offline page instead of a page that needs the API.
    await page.getByRole('link', { name: 'Deals' }).first().tap()
    await page.waitForURL(url => url.pathname === '/offline' && url.searchParams.get('from') === '/deals')
    await page.getByRole('heading', { name: 'You are offline' }).waitFor()
    // A document load (typing an address, reopening the app): the service worker answers.
    await page.goto('/companies')
    await page.waitForURL(url => url.pathname === '/offline' && url.searchParams.get('from') === '/companies')
    await page.getByRole('heading', { name: 'You are offline' }).waitFor()
    await context.setOffline(false)
    await expect.poll(() => page.evaluate(() => navigator.onLine), WAIT).toBe(true)
    await page.getByTestId('offline-retry').tap()
    await page.waitForURL(url => url.pathname === '/companies')
    await context.close()
  })
})

describe('offline reading with the server stopped', () => {
  let server: TestServer
  beforeAll(async () => {
    const databaseUrl = inject('databaseUrl')
    server = await startServer({
      // With PostgreSQL: the suite's database, where the demo organization already is.
      ...(databaseUrl ? { DATABASE_URL: databaseUrl, PULSE_SEED_DEMO: 'never' } : {}),
      RATE_LIMIT_ANONYMOUS: '100000',
      RATE_LIMIT_AUTHENTICATED: '100000',
      RATE_LIMIT_AUTH: '10000',
      RATE_LIMIT_PREFIX: `pulse-test-pwa:${Date.now()}`,
    })
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('shows the last-viewed records and today\'s tasks, read only and in each user\'s language', async () => {
    // Two devices: the owner in German, Sophie (a viewer) in English.
    const german = await newContext(server.baseUrl, 'de-DE', { tablet: true })
    const english = await newContext(server.baseUrl, 'en-GB', { tablet: true })
    const de = collectErrors(await german.newPage(), errors)
    const en = collectErrors(await english.newPage(), errors)
    await signIn(de)
    await controlled(de)
    await signIn(en, SOPHIE)
    await controlled(en)

    const [contact] = await apiGet<{ id: string, firstName: string, lastName: string, email: string | null }[]>(german, '/api/v1/contacts?limit=1&sort=lastName')
    const [company] = await apiGet<{ id: string, name: string }[]>(german, '/api/v1/companies?limit=1&sort=name')
    const deals = await apiGet<{ id: string, title: string }[]>(german, '/api/v1/deals?limit=2&sort=title')
    const [deal, otherDeal] = deals
    const me = await apiGet<{ user: { id: string } }>(german, '/api/v1/auth/me')
    const subject = `Angebot nachfassen ${Date.now()}`
    const created = await german.request.post('/api/v1/activities', {
      headers: { authorization: await bearer(german) },
      data: { type: 'task', subject, dueAt: new Date().toISOString(), ownerId: me.user.id },
    })
    expect(created.status(), await created.text()).toBe(201)

    await de.goto(`/contacts/${contact!.id}`)
    await de.getByRole('heading', { name: `${contact!.firstName} ${contact!.lastName}` }).waitFor()
    await kept(de, 'contact', contact!.id)
    await de.goto(`/companies/${company!.id}`)
    await de.getByRole('heading', { name: company!.name }).waitFor()
    await kept(de, 'company', company!.id)
    await de.goto(`/deals/${deal!.id}`)
    await de.getByRole('heading', { name: deal!.title }).waitFor()
    await kept(de, 'deal', deal!.id)
    await de.goto('/activities')
    await de.getByText(subject).waitFor()
    await expect.poll(async () => {
      const store = await offlineStore(de)
      return { records: store.records.map(r => r.kind).sort(), tasks: store.tasks.flatMap(t => t.items.map(i => i.subject)).includes(subject) }
    }, WAIT).toEqual({ records: ['company', 'contact', 'deal'], tasks: true })

    await en.goto(`/deals/${otherDeal!.id}`)
    await en.getByRole('heading', { name: otherDeal!.title }).waitFor()
    await expect.poll(async () => (await offlineStore(en)).records, WAIT).toEqual([{ kind: 'deal', id: otherDeal!.id }])

    await server.stop()

    // The owner reopens the contact: the offline page shows the copy, in German.
    await de.goto(`/contacts/${contact!.id}`)
    await de.waitForURL(url => url.pathname === '/offline' && url.searchParams.get('from') === `/contacts/${contact!.id}`)
    await de.getByRole('heading', { name: 'Sie sind offline' }).waitFor()
    const record = de.getByTestId('offline-record')
    await record.getByRole('heading', { name: `${contact!.firstName} ${contact!.lastName}` }).waitFor()
    if (contact!.email) expect(await record.textContent()).toContain(contact!.email)
    expect(await de.getByTestId('offline-readonly').textContent()).toContain('nur lesen')
    expect(await de.getByTestId('offline-badge').textContent()).toContain('Offline')
    // Read only: nothing to edit, delete or add.
    expect(await de.getByRole('button', { name: /Bearbeiten|Löschen|Neu|Speichern/ }).count()).toBe(0)

    // Everything kept: the company, the deal and today's task.
    await de.getByTestId('offline-back').tap()
    await de.getByTestId('offline-tasks').getByText(subject).waitFor()
    await de.getByTestId('offline-deals').getByText(deal!.title).waitFor()
    expect(await de.getByTestId('offline-contacts').textContent()).toContain(contact!.lastName)
    await de.getByTestId('offline-companies').getByText(company!.name).tap()
    await de.getByTestId('offline-record').getByRole('heading', { name: company!.name }).waitFor()
    // Sophie's deal is on her device only.
    if (otherDeal!.title !== deal!.title) expect(await de.getByText(otherDeal!.title).count()).toBe(0)

    // A record never opened on this device: said so, instead of the browser's error page.
    await de.goto(`/deals/${otherDeal!.id}`)
    await de.getByTestId('offline-missing').waitFor()

    // Sophie, in English, sees her deal and nothing of the owner's.
    await en.goto(`/deals/${otherDeal!.id}`)
    await en.getByRole('heading', { name: 'You are offline' }).waitFor()
    await en.getByTestId('offline-record').getByRole('heading', { name: otherDeal!.title }).waitFor()
    expect(await en.getByTestId('offline-readonly').textContent()).toContain('read only')
    await en.getByTestId('offline-back').tap()
    await en.getByTestId('offline-deals').waitFor()
    expect(await en.getByText(`${contact!.firstName} ${contact!.lastName}`).count()).toBe(0)
    expect(await en.getByText(subject).count()).toBe(0)

    // Also with the network itself gone (not only the server).
    await german.setOffline(true)
    await de.goto('/')
    await de.getByRole('heading', { name: 'Sie sind offline' }).waitFor()

    expect(errors.filter(error => !/Failed to fetch|NetworkError|ERR_|fetch failed|net::/.test(error))).toEqual([])
    await german.close()
    await english.close()
  })
})

describe('sign-out', () => {
  it('wipes the offline copies, and another user signing in never sees the previous one\'s', async () => {
    const context = await newContext(inject('baseUrl'))
    const page = collectErrors(await context.newPage(), errors)
    await signIn(page)
    await controlled(page)
    const [contact] = await apiGet<{ id: string, firstName: string, lastName: string, email: string | null }[]>(context, '/api/v1/contacts?limit=1&sort=-lastName')
    const name = `${contact!.firstName} ${contact!.lastName}`
    await page.goto(`/contacts/${contact!.id}`)
    await page.getByRole('heading', { name }).waitFor()
    await kept(page, 'contact', contact!.id)
    await page.goto('/activities')
    await hydrated(page)
    await expect.poll(async () => {
      const store = await offlineStore(page)
      return { records: store.records.length, tasks: store.tasks.length, owner: store.owner?.name }
    }, WAIT).toEqual({ records: 1, tasks: 1, owner: 'Katharina Brandt' })

    await page.getByRole('button', { name: 'Abmelden' }).click()
    await page.waitForURL(url => url.pathname === '/login')
    const store = await offlineStore(page)
    expect({ owner: store.owner, records: store.records, tasks: store.tasks }).toEqual({ owner: null, records: [], tasks: [] })
    // Nor in Cache Storage: no API answer and nothing of the user's.
    expect(Object.values(await cachedUrls(page)).flat().filter(url => new URL(url).pathname.startsWith('/api/'))).toEqual([])
    expect(await cacheMentions(page, ['Katharina Brandt', DEMO.email, name, ...(contact!.email ? [contact!.email] : [])])).toEqual([])

    // The session ends without a sign-out on this device (cookies gone), then a colleague signs in here.
    await signIn(page)
    await page.goto(`/contacts/${contact!.id}`)
    await page.getByRole('heading', { name }).waitFor()
    await kept(page, 'contact', contact!.id)
    await context.clearCookies({ name: /^pulse\.(access|refresh|session)$/ })
    await signIn(page, JULIA)
    await expect.poll(async () => {
      const next = await offlineStore(page)
      return { owner: next.owner?.name, records: next.records.length }
    }, WAIT).toEqual({ owner: 'Julia Weiß', records: 0 })
    expect(errors).toEqual([])
    await context.close()
  })
})
