import { createHash } from 'node:crypto'
import { openApiDocument } from '~~/server/openapi/document'

let etag: string | undefined

// Public: integrators read it before they have a key. Built once per process; the ETag lets clients revalidate cheaply.
export default defineEventHandler((event) => {
  const { json } = openApiDocument()
  etag ??= `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`
  setResponseHeader(event, 'etag', etag)
  setResponseHeader(event, 'cache-control', 'public, max-age=0, must-revalidate')
  if (getRequestHeader(event, 'if-none-match') === etag) {
    setResponseStatus(event, 304)
    return ''
  }
  setResponseHeader(event, 'content-type', 'application/json; charset=utf-8')
  return json
})
