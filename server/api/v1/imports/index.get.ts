import { listQueryParams } from '~~/server/openapi/components'
import * as imports from '~~/server/services/imports'
import { importListQuery } from '~~/shared/schemas'
import { importRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'listImports',
  tag: 'Imports',
  summary: 'List imports',
  description: 'The organization\'s import history, newest first.',
  access: 'member',
  query: listQueryParams(importListQuery),
  success: { description: 'One page of imports.', list: importRecord },
}, ({ ctx, query }) => imports.list(ctx, query))
