import type { Role } from '../../shared/domain'
import { call } from './http'

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'

export interface Parameter { name: string, in: 'path' | 'query' | 'header' | 'cookie', required?: boolean, schema?: { type?: string, enum?: string[], format?: string } }
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
  /** Who may call it, as its route declares: the least role (null: public) and whether API keys may. */
  access: { role: Role | null, apiKeys: boolean }
  /** A request its route declares valid (`example` in the route's declaration). */
  example: { query?: Record<string, string>, body?: unknown, file?: string }
  /** The media type of an upload's body, when the body is a file. */
  uploadType?: string
}

interface Schema { $ref?: string, properties?: Record<string, unknown>, allOf?: Schema[], anyOf?: Schema[] }
interface RawOperation {
  'parameters'?: (Parameter | { $ref: string })[]
  'requestBody'?: { content?: Record<string, { schema?: Schema }> }
  'security'?: Record<string, string[]>[]
  'x-pulse-access': Operation['access']
  'x-pulse-example'?: Operation['example']
}

/** Every operation the server documents, read from its own OpenAPI document (which its routes' declarations make). */
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
        access: raw['x-pulse-access'],
        example: raw['x-pulse-example'] ?? {},
        uploadType: Object.keys(raw.requestBody?.content ?? {}).find(type => type !== 'application/json'),
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
