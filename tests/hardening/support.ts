import { appendFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { call } from '../support/http'

/**
 * How hard the hardening suites push. `ci` (the default, what `npm test` runs) keeps the
 * same assertions with fewer generated cases and shorter durations; `full` is what
 * `npm run test:hardening` runs by hand.
 */
export const SCALE = process.env.HARDENING_SCALE === 'full' ? 'full' : 'ci'
export const scaled = (ci: number, full: number) => (SCALE === 'full' ? full : ci)

/** Where the suites leave their figures; `scripts/hardening-report.ts` turns them into the report. */
export const REPORT_DIR = process.env.HARDENING_REPORT_DIR ?? 'test-results/hardening'

/** Records one finding of a suite: what ran, how many cases, what held. */
export function report(suite: string, figures: Record<string, number | string>, held: string): void {
  mkdirSync(REPORT_DIR, { recursive: true })
  const line = { suite, scale: SCALE, database: process.env.DATABASE_URL ? 'postgresql' : 'pglite', figures, held, at: new Date().toISOString() }
  appendFileSync(join(REPORT_DIR, 'results.jsonl'), `${JSON.stringify(line)}\n`)
}

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'

export interface Parameter { name: string, in: 'path' | 'query' | 'header' | 'cookie', required?: boolean, schema?: { type?: string } }
export interface Operation {
  method: Method
  /** The path template, e.g. `/api/v1/contacts/{id}`. */
  path: string
  parameters: Parameter[]
  hasBody: boolean
  /** The top-level fields of its JSON body, when it takes one. */
  bodyFields: string[]
  /** Whether an API key may call it (else only a signed-in user). */
  apiKey: boolean
  /** Whether it needs an identity at all. */
  secured: boolean
}

interface Schema { $ref?: string, properties?: Record<string, unknown>, allOf?: Schema[], anyOf?: Schema[] }
interface RawOperation {
  parameters?: (Parameter | { $ref: string })[]
  requestBody?: { content?: Record<string, { schema?: Schema }> }
  security?: Record<string, string[]>[]
}

/** Every operation the server documents, read from its own OpenAPI document. */
export async function documentedOperations(): Promise<Operation[]> {
  const res = await call('GET', '/api/v1/openapi.json')
  if (res.status !== 200) throw new Error(`no OpenAPI document: ${res.status}`)
  const doc = res.body as { paths: Record<string, Record<string, RawOperation>>, components: { parameters?: Record<string, Parameter>, schemas?: Record<string, Schema> } }
  const resolve = (p: Parameter | { $ref: string }): Parameter => ('$ref' in p ? doc.components.parameters![p.$ref.split('/').pop()!]! : p)
  const fieldsOf = (schema: Schema | undefined): string[] => {
    if (!schema) return []
    if (schema.$ref) return fieldsOf(doc.components.schemas?.[schema.$ref.split('/').pop()!])
    return [...Object.keys(schema.properties ?? {}), ...(schema.allOf ?? []).flatMap(fieldsOf), ...(schema.anyOf ?? []).flatMap(fieldsOf)]
  }
  const operations: Operation[] = []
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue
      const security = raw.security ?? []
      operations.push({
        method: method as Method,
        path,
        parameters: (raw.parameters ?? []).map(resolve),
        hasBody: raw.requestBody !== undefined,
        bodyFields: [...new Set(fieldsOf(raw.requestBody?.content?.['application/json']?.schema))],
        apiKey: security.some(s => 'apiKey' in s),
        secured: security.length > 0,
      })
    }
  }
  return operations
}

export const operationName = (op: Pick<Operation, 'method' | 'path'>) => `${op.method.toUpperCase()} ${op.path}`

/** Percent-encodes every byte of the value's UTF-8 form that is not unreserved (a lone surrogate becomes U+FFFD). */
const percentEncode = (value: string) =>
  [...Buffer.from(value, 'utf8')].map(b => (/[\w.~-]/.test(String.fromCharCode(b)) && b < 128 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('')

/** The path with its `{params}` filled in, percent-encoded. */
export const fillPath = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => percentEncode(values[name] ?? ''))
