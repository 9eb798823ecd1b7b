import type { IncomingMessage } from 'node:http'
import type { H3Event } from 'h3'
import { defineEventHandler } from 'h3'
import { ApiError } from '../utils/api'
import { serverEnv } from '../utils/env'

// Bodies over MAX_BODY_BYTES answer 413 PAYLOAD_TOO_LARGE: a declared length is refused
// before anything is read, a chunked body is read up to the limit and then refused.
const PAYLOAD_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const LINGER_MS = 2000

function tooLarge(event: H3Event, max: number): ApiError {
  const { req, res } = event.node
  // Closing at once would make a client that is still sending fail with EPIPE before it
  // reads the 413. So the rest is read and dropped for a moment, then the connection is cut.
  res.once('finish', () => {
    if (req.complete) return
    const timer = setTimeout(() => req.socket?.destroy(), LINGER_MS).unref()
    req.once('end', () => clearTimeout(timer))
    req.resume()
  })
  return new ApiError(413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${max} bytes`)
}

function readUpTo(event: H3Event, req: IncomingMessage, max: number): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const finish = (error?: unknown) => {
      req.off('data', onData).off('end', onEnd).off('error', onError)
      if (error) return reject(error)
      const body = new Uint8Array(size)
      let offset = 0
      for (const chunk of chunks) {
        body.set(chunk, offset)
        offset += chunk.length
      }
      resolve(body)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > max) finish(tooLarge(event, max))
      else chunks.push(chunk)
    }
    const onEnd = () => finish()
    const onError = () => finish(new ApiError(400, 'VALIDATION_ERROR', 'Request body was not received completely'))
    req.on('data', onData).on('end', onEnd).on('error', onError)
  })
}

export default defineEventHandler(async (event) => {
  const req = event.node.req
  // In-process calls (server-side rendering) hand their body over in memory.
  if (!req.socket?.remoteAddress) return
  // A CSV import streams its file into the database and enforces its own, larger limit.
  if (req.method === 'POST' && (req.url ?? '').split('?')[0] === '/api/v1/imports') return
  const max = serverEnv().MAX_BODY_BYTES
  const declared = req.headers['content-length']
  if (declared !== undefined) {
    if (Number(declared) > max) throw tooLarge(event, max)
    return
  }
  if (!PAYLOAD_METHODS.has(req.method ?? '') || !/\bchunked\b/i.test(req.headers['transfer-encoding'] ?? '')) return
  // h3's body readers take a body already read from here, so the handler sees it as usual.
  event._requestBody = await readUpTo(event, req, max)
})
