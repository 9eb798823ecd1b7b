/**
 * Renders the PWA's images from their sources, with Debian's Chromium:
 * - icons: public/pwa/icon.svg → icon-192.png, icon-512.png (and favicon.svg);
 *   public/pwa/maskable.svg → maskable-192.png, maskable-512.png, apple-touch-icon.png;
 * - the install dialog's screenshots, taken from the demo app on the built server
 *   (`npm run build` first): screenshot-wide.webp (1280×800, the pipeline) and
 *   screenshot-narrow.webp (768×1024, a contact on a tablet held upright).
 *
 *   npx tsx scripts/pwa-assets.ts [--icons-only]
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { hydrated, launchBrowser, signIn } from '../tests/support/browser'
import { startServer } from '../tests/support/server'

const dir = (file: string) => fileURLToPath(new URL(`../public/pwa/${file}`, import.meta.url))
const WEBP_QUALITY = 0.82

/** Draws an image (a data URL) on a canvas of `width`×`height` and encodes it in the browser. */
async function encode(page: Page, source: string, width: number, height: number, type: 'image/png' | 'image/webp'): Promise<Buffer> {
  const url = await page.evaluate(async ({ source, width, height, type, quality }) => {
    const image = new Image()
    image.src = source
    await image.decode()
    const canvas = document.createElement('canvas')
    canvas.width = width
    canvas.height = height
    canvas.getContext('2d')!.drawImage(image, 0, 0, width, height)
    return canvas.toDataURL(type, quality)
  }, { source, width, height, type, quality: WEBP_QUALITY })
  if (!url.startsWith(`data:${type};base64,`)) throw new Error(`Chromium could not encode ${type}`)
  return Buffer.from(url.slice(url.indexOf(',') + 1), 'base64')
}

async function icons(page: Page): Promise<void> {
  const svg = (file: string) => `data:image/svg+xml;base64,${readFileSync(dir(file)).toString('base64')}`
  const outputs = [
    ['icon.svg', 192, 'icon-192.png'], ['icon.svg', 512, 'icon-512.png'],
    ['maskable.svg', 192, 'maskable-192.png'], ['maskable.svg', 512, 'maskable-512.png'],
    ['maskable.svg', 180, 'apple-touch-icon.png'],
  ] as const
  for (const [source, size, target] of outputs) {
    writeFileSync(dir(target), await encode(page, svg(source), size, size, 'image/png'))
    console.log(`public/pwa/${target}`)
  }
  copyFileSync(dir('icon.svg'), fileURLToPath(new URL('../public/favicon.svg', import.meta.url)))
}

async function screenshots(): Promise<void> {
  const server = await startServer()
  const browser = await launchBrowser()
  try {
    const shots = [
      { file: 'screenshot-wide.webp', viewport: { width: 1280, height: 800 }, hasTouch: false, path: '/deals' },
      { file: 'screenshot-narrow.webp', viewport: { width: 768, height: 1024 }, hasTouch: true, path: 'contact' },
    ] as const
    for (const shot of shots) {
      const context = await browser.newContext({ baseURL: server.baseUrl, locale: 'de-DE', viewport: shot.viewport, hasTouch: shot.hasTouch, deviceScaleFactor: 1 })
      const page = await context.newPage()
      await signIn(page)
      let path: string = shot.path
      if (path === 'contact') {
        // The first contact of the list: a page that shows what a record holds.
        await page.goto('/contacts')
        await hydrated(page)
        const link = page.locator('main a[href^="/contacts/"]').first()
        path = (await link.getAttribute('href'))!
      }
      await page.goto(path)
      await hydrated(page)
      await page.waitForLoadState('networkidle')
      const png = await page.screenshot({ type: 'png' })
      const webp = await encode(page, `data:image/png;base64,${png.toString('base64')}`, shot.viewport.width, shot.viewport.height, 'image/webp')
      writeFileSync(dir(shot.file), webp)
      console.log(`public/pwa/${shot.file} (${Math.round(webp.length / 1024)} KB)`)
      await context.close()
    }
  }
  finally {
    await browser.close()
    await server.stop()
  }
}

const browser = await launchBrowser()
try {
  const page = await browser.newPage()
  await icons(page)
}
finally {
  await browser.close()
}
if (!process.argv.includes('--icons-only')) await screenshots()
