import { IMPORT_NOT_FOUND } from '~~/server/openapi/imports'
import * as imports from '~~/server/services/imports'
import { idParams } from '~~/shared/schemas'
import { importRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'getImport',
  tag: 'Imports',
  summary: 'Read an import and its progress',
  description: 'Poll this while an import runs: `rowsDone` of `totalRows` and the counts grow batch by batch.',
  access: 'member',
  params: idParams,
  success: { description: 'The import.', data: importRecord },
  errors: { 404: IMPORT_NOT_FOUND },
}, ({ ctx, params }) => imports.get(ctx, params.id))
