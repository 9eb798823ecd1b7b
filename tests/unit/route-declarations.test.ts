import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { EventHandler } from 'h3'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { undeclaredRoutes } from '../../modules/api-routes'
import { buildOpenApiDocument } from '../../server/openapi/document'
import type { Operation } from '../../server/openapi/operation'
import { operationsOf } from '../../server/openapi/routes'

const declared = (spec: Partial<Operation['spec']> = {}): Operation => ({
  method: 'post',
  path: '/api/v1/examples',
  spec: {
    operationId: 'createExample', tag: 'System', summary: 'Create an example', access: 'member',
    body: z.object({ name: z.string() }).strict(), example: { body: { name: 'Ada' } },
    success: { status: 201, description: 'Created.', data: z.object({ id: z.uuid() }) },
    ...spec,
  },
})

function files(dir: string): string[] {
  return readdirSync(dir).flatMap(entry => (statSync(join(dir, entry)).isDirectory() ? files(join(dir, entry)) : [join(dir, entry)]))
}

describe('route declarations', () => {
  it('fail the build for a route file under /api that does not export defineApiRoute(…)', () => {
    const sources: Record<string, string> = {
      'a.ts': 'export default defineApiRoute({ operationId: \'a\' }, () => 1)',
      'b.ts': 'export default defineEventHandler(() => 1)',
      'c.ts': 'export default defineEventHandler(() => { throw notFound() })',
    }
    const routes = [
      { route: '/api/v1/a', method: 'get', file: 'a.ts' },
      { route: '/api/v1/b', method: 'get', file: 'b.ts' },
      { route: '/api/**', method: 'all', file: 'c.ts' },
      { route: '/metrics', method: 'get', file: 'b.ts' },
    ]
    expect(undeclaredRoutes(routes, file => sources[file]!)).toEqual(['b.ts'])
  })

  it('are present in every route file of this tree (what the build checks)', () => {
    const routes = files('server/api').map(file => ({ route: `/api/${file}`, method: 'get', file }))
    const exceptions = ['server/api/[...].ts', 'server/api/docs.get.ts', 'server/api/dev/outbox.get.ts']
    expect(undeclaredRoutes(routes, file => readFileSync(file, 'utf8')).filter(f => !exceptions.includes(f))).toEqual([])
  })

  it('are required of every registered handler when the document is built', () => {
    const handler = Object.assign(() => null, { __is_handler__: true }) as unknown as EventHandler
    expect(() => operationsOf([{ route: '/api/v1/x', method: 'get', handler }], [])).toThrow(/has no declaration/)
    const all = Object.assign(() => null, { declaration: declared().spec }) as unknown as EventHandler
    expect(() => operationsOf([{ route: '/api/v1/x', method: 'all', handler: all }], [])).toThrow(/needs a method/)
  })

  it('need an example the route accepts when the input is required, checked when the document is built', () => {
    expect(() => buildOpenApiDocument([declared()])).not.toThrow()
    expect(() => buildOpenApiDocument([declared({ example: undefined })])).toThrow(/body needs a valid `example.body`/)
    expect(() => buildOpenApiDocument([declared({ example: { body: { name: 42 } } })])).toThrow(/body needs a valid `example.body`/)
    const upload = declared({ body: undefined, example: undefined, upload: { mediaTypes: ['text/csv'], description: 'A file.' } })
    expect(() => buildOpenApiDocument([upload])).toThrow(/upload needs an `example.file`/)
  })

  it('carry who may call and the example into the document', () => {
    const doc = buildOpenApiDocument([declared()]) as unknown as { paths: Record<string, Record<string, Record<string, unknown>>> }
    const op = doc.paths['/api/v1/examples']!.post!
    expect(op['x-pulse-access']).toEqual({ role: 'member', apiKeys: true })
    expect(op['x-pulse-example']).toEqual({ body: { name: 'Ada' } })
  })
})
