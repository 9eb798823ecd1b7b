import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import { getRequestHeader, getResponseHeader, setResponseHeader, type H3Event } from 'h3'

// The built server answers without a proxy in front (the embedded default): the build's
// assets go out precompressed (nitro.compressPublicAssets), and this compresses what is made
// per request and read by browsers — rendered pages and the translations — with brotli at a
// fast quality where the browser takes it, else gzip. A 90 KB page becomes about 15 KB for
// about a millisecond of CPU on a thread of the pool. The API's JSON stays as it is: its
// answers are small and its clients' CPU budget is the benchmark's. Behind a proxy that
// compresses, set nothing: a response that already has an encoding is left alone.

const brotli = promisify(brotliCompress)
const deflate = promisify(gzip)
/** Smaller answers gain less than the encoding costs. */
const MIN_BYTES = 1024
const COMPRESSIBLE = /^(?:text\/html|application\/json)\b/

type Encoding = 'br' | 'gzip'

function acceptedEncoding(event: H3Event): Encoding | null {
  const accepted = (getRequestHeader(event, 'accept-encoding') ?? '').toLowerCase()
  const wants = (name: string) => new RegExp(`(?:^|,)\\s*${name}\\s*(?:;\\s*q=(?!0(?:\\.0*)?\\s*(?:,|$))[\\d.]+)?\\s*(?:,|$)`).test(accepted)
  if (wants('br')) return 'br'
  if (wants('gzip')) return 'gzip'
  return null
}

/** The answer as text or bytes: a handler's plain value as h3 would send it (JSON); streams and the like as null. */
function serialized(body: unknown): string | Buffer | null {
  if (typeof body === 'string' || Buffer.isBuffer(body)) return body
  const plain = body !== null && typeof body === 'object' && (Array.isArray(body) || Object.getPrototypeOf(body) === Object.prototype)
  return plain ? JSON.stringify(body) : null
}

export async function compressBody(body: string | Buffer, encoding: Encoding): Promise<Buffer> {
  return encoding === 'br'
    ? brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(body) } })
    : deflate(body, { level: 6 })
}

export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('beforeResponse', async (event, response) => {
    if (event.method === 'HEAD' || getResponseHeader(event, 'content-encoding')) return
    const body = serialized(response.body)
    if (body === null || Buffer.byteLength(body) < MIN_BYTES) return
    // A value (the translations) has no type yet: h3 would send it as JSON.
    const type = typeof response.body === 'object' && !Buffer.isBuffer(response.body) ? 'application/json' : String(getResponseHeader(event, 'content-type') ?? '')
    if (!COMPRESSIBLE.test(type)) return
    const vary = String(getResponseHeader(event, 'vary') ?? '')
    if (!/accept-encoding/i.test(vary)) setResponseHeader(event, 'vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding')
    const encoding = acceptedEncoding(event)
    if (!encoding) return
    response.body = await compressBody(body, encoding)
    setResponseHeader(event, 'content-type', type.includes('charset') || !type.startsWith('application/json') ? type : `${type}; charset=utf-8`)
    setResponseHeader(event, 'content-encoding', encoding)
    // The length, if one was set, was the uncompressed one.
    event.node.res.removeHeader('content-length')
  })
})
