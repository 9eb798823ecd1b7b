import { createHash } from 'node:crypto'
import { z } from 'zod'
import { apiRoutes } from '#pulse/api-routes'
import { openApiDocument } from '~~/server/openapi/document'

const documentSchema = z.looseObject({
  openapi: z.string().regex(/^3\.1\.\d+$/),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
}).meta({ description: 'An OpenAPI 3.1 document (this one).' })

let etag: string | undefined

// Public: integrators read it before they have a key. Built from the routes' declarations
// once per process; the ETag lets clients revalidate cheaply.
export default defineApiRoute({
  operationId: 'getOpenApiDocument',
  tag: 'System',
  summary: 'This OpenAPI document',
  description: 'Generated from the routes\' own declarations and the same Zod schemas the server validates with. Not wrapped in the envelope. A readable version is at `/api/docs`.',
  access: 'public',
  success: { description: 'The OpenAPI 3.1 document.', raw: documentSchema },
}, ({ event }) => {
  const { json } = openApiDocument(apiRoutes())
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
