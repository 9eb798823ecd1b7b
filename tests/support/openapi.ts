import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import type { Answer } from './http'

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'

/** The parts of an OpenAPI 3.1 document the checks read. */
export interface OpenApiDocument {
  openapi: string
  paths: Record<string, Partial<Record<Method, Operation>>>
  components: { responses?: Record<string, Response>, [key: string]: unknown }
}
interface Operation { operationId: string, responses: Record<string, Response | { $ref: string }> }
interface Response { description: string, content?: Record<string, { schema: unknown }> }

const BASE = 'https://pulse.test/openapi.json'
const pointer = (...parts: string[]) => parts.map(p => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')

/**
 * Checks real answers against the document: the status must be documented for the
 * operation (method + path template, e.g. `put /api/v1/members/{id}`), the content type
 * must be the documented one, and the body must match that status's schema
 * (JSON Schema 2020-12, formats included).
 */
export class ResponseChecker {
  readonly #ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false })
  readonly #compiled = new Map<string, ValidateFunction>()

  constructor(readonly document: OpenApiDocument) {
    addFormats(this.#ajv)
    this.#ajv.addSchema({ ...document, $id: BASE }, BASE)
  }

  /** The documented responses of an operation; throws for an undocumented one. */
  operation(method: Method, path: string): Operation {
    const operation = this.document.paths[path]?.[method]
    if (!operation) throw new Error(`${method.toUpperCase()} ${path} is not documented`)
    return operation
  }

  /** Where the JSON body schema of a documented status sits in the document, or why there is none. */
  #schemaPointer(method: Method, path: string, status: number): { pointer?: string, mediaType?: string, noBody?: boolean, problem?: string } {
    const responses = this.operation(method, path).responses
    let response = responses[String(status)]
    let at = pointer('paths', path, method, 'responses', String(status))
    if (!response) return { problem: `status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})` }
    if ('$ref' in response) {
      const name = response.$ref.replace('#/components/responses/', '')
      at = pointer('components', 'responses', name)
      response = this.document.components.responses?.[name] as Response
    }
    const mediaType = Object.keys(response.content ?? {})[0]
    if (!mediaType) return { noBody: true }
    return { pointer: `${BASE}#/${at}/${pointer('content', mediaType, 'schema')}`, mediaType }
  }

  /** Problems of one answer; empty when it matches the document. */
  problems(answer: Pick<Answer, 'status' | 'headers' | 'body'>, method: Method, path: string): string[] {
    const { pointer: at, mediaType, noBody, problem } = this.#schemaPointer(method, path, answer.status)
    if (problem) return [problem]
    if (noBody) return answer.body === '' ? [] : [`status ${answer.status} is documented without a body, but one came`]
    const problems: string[] = []
    const contentType = answer.headers.get('content-type') ?? ''
    if (!contentType.startsWith(mediaType!)) problems.push(`content type "${contentType}" is not the documented ${mediaType}`)
    let validate = this.#compiled.get(at!)
    if (!validate) {
      validate = this.#ajv.compile({ $ref: at })
      this.#compiled.set(at!, validate)
    }
    if (!validate(answer.body)) {
      problems.push(...(validate.errors ?? []).map(e => `body${e.instancePath || ''} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`))
    }
    return problems
  }

  /** Throws with every problem when the answer does not match the document. */
  assert(answer: Pick<Answer, 'status' | 'headers' | 'body'>, method: Method, path: string): void {
    const problems = this.problems(answer, method, path)
    if (problems.length) {
      throw new Error(`${method.toUpperCase()} ${path} → ${answer.status} does not match the OpenAPI document:\n- ${problems.join('\n- ')}\nbody: ${JSON.stringify(answer.body).slice(0, 500)}`)
    }
  }

  /** Compiles every documented response schema once, so a broken schema fails here and not in the middle of a test. */
  compileAll(): number {
    let count = 0
    for (const [path, item] of Object.entries(this.document.paths)) {
      for (const method of Object.keys(item) as Method[]) {
        for (const status of Object.keys(item[method]!.responses)) {
          const { pointer: at } = this.#schemaPointer(method, path, Number(status))
          if (!at || this.#compiled.has(at)) continue
          this.#compiled.set(at, this.#ajv.compile({ $ref: at }))
          count++
        }
      }
    }
    return count
  }
}
