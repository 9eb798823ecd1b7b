import { importAction } from '~~/server/openapi/imports'
import * as imports from '~~/server/services/imports'
import { idParams, importActionBody } from '~~/shared/schemas'
import { importRecord } from '~~/shared/schemas/responses'

// 202: the import runs in the background; GET /imports/:id shows its progress.
export default defineApiRoute({
  ...importAction('run'),
  access: 'member',
  params: idParams,
  body: importActionBody,
  success: { status: 202, description: 'The import, now running.', data: importRecord },
}, ({ ctx, params }) => imports.start(ctx, params.id, 'run'))
