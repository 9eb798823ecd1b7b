import { z } from 'zod'
import { health, readiness } from '../../../shared/schemas/responses'
import { dataOf } from '../components'
import { operation } from '../operation'

const openApiDocument = z.looseObject({
  openapi: z.string().regex(/^3\.1\.\d+$/),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
}).meta({ description: 'An OpenAPI 3.1 document (this one).' })

export const systemOperations = [
  operation('get', '/api/health', {
    operationId: 'getHealth',
    tag: 'System',
    summary: 'Liveness probe',
    description: 'The process answers. Never rate limited.',
    access: 'public',
    probe: true,
    success: { description: 'Alive.', schema: dataOf(health) },
  }),
  operation('get', '/api/ready', {
    operationId: 'getReadiness',
    tag: 'System',
    summary: 'Readiness probe',
    description: 'The database answers within two seconds. Never rate limited.',
    access: 'public',
    probe: true,
    success: { description: 'Ready for traffic.', schema: dataOf(readiness) },
    errors: { 503: 'The database is not answering.' },
  }),
  operation('get', '/api/v1/openapi.json', {
    operationId: 'getOpenApiDocument',
    tag: 'System',
    summary: 'This OpenAPI document',
    description: 'Generated from the same Zod schemas the server validates with. Not wrapped in the envelope. A readable version is at `/api/docs`.',
    access: 'public',
    success: { description: 'The OpenAPI 3.1 document.', schema: openApiDocument },
  }),
]
