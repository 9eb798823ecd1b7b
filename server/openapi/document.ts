import { createDocument, type ZodOpenApiObject } from 'zod-openapi'
import { booleanParam } from '../../shared/schemas/list-queries'
import { components, tags } from './components'
import { toPaths, type Operation } from './operation'
import { operationsOf, type RegisteredRoute } from './routes'

export type OpenApiDocument = ReturnType<typeof createDocument>

const DESCRIPTION = `
The REST API of Pulse CRM: the same API the Pulse web app uses.

**Envelope.** Every answer is JSON. Success: \`{ "success": true, "data": …, "meta": { "page", "limit", "total" } }\`
(\`meta\` on lists only). Error: \`{ "success": false, "error": { "code", "message", "details" } }\`, where \`code\` is one
of \`VALIDATION_ERROR\` (400, \`details: [{ path, message }]\`), \`UNAUTHORIZED\` (401), \`FORBIDDEN\` (403),
\`NOT_FOUND\` (404; also for other organizations' ids), \`CONFLICT\` (409), \`DUPLICATE\` (409, a contact or company that
looks like one you have: \`details: { candidates: [{ id, name, detail, matched, score }] }\`; \`allowDuplicate=true\` saves anyway), \`PAYLOAD_TOO_LARGE\` (413),
\`RATE_LIMITED\` (429, with \`Retry-After\`), \`INTERNAL_ERROR\` (500) and \`SERVICE_UNAVAILABLE\` (503).

**Authentication.** Send \`Authorization: Bearer <credential>\`: a person's JWT access token (\`bearerAuth\`) or an
organization API key starting with \`pk_\` (\`apiKey\`) — both in the same header. Everything happens inside the
caller's organization; ids of other organizations answer 404.

**Lists.** \`page\` (from 1), \`limit\` (default 20, at most 100), \`sort\` (comma-separated fields, \`-\` for
descending) and \`q\` for text search; unknown parameters are a 400, not ignored.

**Rate limits.** Every request counts against a budget: 100 per minute per address without a credential,
1000 per minute per user or API key, fewer on the sign-in endpoints. Answers report the tightest budget in the
\`RateLimit-Limit\`, \`RateLimit-Remaining\`, \`RateLimit-Reset\` and \`RateLimit-Policy\` headers.
`.trim()

/** Builds the OpenAPI 3.1 document from the declared operations (and their Zod schemas). */
export function buildOpenApiDocument(ops: readonly Operation[]): OpenApiDocument {
  const definition: ZodOpenApiObject = {
    openapi: '3.1.1',
    info: {
      title: 'Pulse CRM API',
      version: '1.0.0',
      description: DESCRIPTION,
    },
    servers: [{ url: '/', description: 'This server' }],
    tags: [...tags],
    security: [{ bearerAuth: [] }, { apiKey: [] }],
    paths: toPaths(ops),
    components,
  }
  return createDocument(definition, {
    override: ({ jsonSchema, zodSchema, io }) => {
      // `true`/`false` spelled out in the query string (z.stringbool renders as a bare string).
      if (io === 'input' && zodSchema === booleanParam) jsonSchema.enum = ['true', 'false']
      // z.int() states the safe-integer range on every integer; it says nothing to a reader.
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum
    },
  })
}

let cached: { document: OpenApiDocument, json: string } | undefined

/** The document of the server's own routes and its JSON, built on first use and then kept. */
export function openApiDocument(routes: readonly RegisteredRoute[]): { document: OpenApiDocument, json: string } {
  if (!cached) {
    const document = buildOpenApiDocument(operationsOf(routes, tags.map(t => t.name)))
    cached = { document, json: JSON.stringify(document) }
  }
  return cached
}
