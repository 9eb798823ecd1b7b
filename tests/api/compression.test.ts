import { request } from 'node:http'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { describe, expect, inject, it } from 'vitest'
import { login } from '../support/http'

// Without a proxy in front, the built server compresses what it makes per request for
// browsers: rendered pages and the translations (server/plugins/compression.ts); the build's
// assets go out precompressed. The API's JSON stays uncompressed.
interface Raw { status: number, headers: Record<string, string | string[] | undefined>, body: Buffer }

function raw(path: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    request(new URL(path, inject('baseUrl')), { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    }).on('error', reject).end()
  })
}

const PAGE = { 'accept': 'text/html', 'sec-fetch-dest': 'document' }

describe('compression by the built server', () => {
  it('sends a rendered page as brotli or gzip, as the browser accepts, and as it is otherwise', async () => {
    const token = await login()
    const cookie = `pulse.access=${token}`
    const plain = await raw('/contacts', { ...PAGE, cookie })
    expect(plain.status).toBe(200)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.headers.vary).toMatch(/accept-encoding/i)
    const html = plain.body.toString('utf8')
    expect(html).toContain('<!DOCTYPE html>')

    const br = await raw('/contacts', { ...PAGE, cookie, 'accept-encoding': 'gzip, deflate, br, zstd' })
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers['content-length']).toBeUndefined()
    expect(brotliDecompressSync(br.body).toString('utf8')).toContain('<!DOCTYPE html>')
    expect(br.body.length).toBeLessThan(html.length / 3)

    const gz = await raw('/contacts', { ...PAGE, cookie, 'accept-encoding': 'br;q=0, gzip' })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.body).toString('utf8')).toContain('<!DOCTYPE html>')
  })

  it('sends the translations compressed, and the build\'s scripts precompressed', async () => {
    const page = (await raw('/login', { ...PAGE, 'accept-encoding': 'br' }))
    const html = brotliDecompressSync(page.body).toString('utf8')
    const script = /\/_nuxt\/[\w-]+\.js/.exec(html)?.[0]
    expect(script).toBeTruthy()
    const js = await raw(script!, { 'accept-encoding': 'br, gzip' })
    expect(js.status).toBe(200)
    expect(js.headers['content-encoding']).toBe('br')

    const messages = /\/_i18n\/[\w-]+\/(?:de|en)\/messages\.json/.exec(html)?.[0] ?? '/_i18n/x/de/messages.json'
    const translations = await raw(messages, { 'accept-encoding': 'gzip' })
    expect(translations.status).toBe(200)
    expect(translations.headers['content-encoding']).toBe('gzip')
    expect(translations.headers['content-type']).toMatch(/^application\/json/)
    expect(JSON.parse(gunzipSync(translations.body).toString('utf8'))).toEqual(expect.any(Object))
  })

  it('leaves the API\'s answers uncompressed', async () => {
    const token = await login()
    const api = await raw('/api/v1/contacts?limit=100', { 'authorization': `Bearer ${token}`, 'accept-encoding': 'br, gzip' })
    expect(api.status).toBe(200)
    expect(api.headers['content-encoding']).toBeUndefined()
    expect(JSON.parse(api.body.toString('utf8')).success).toBe(true)
  })
})
