import { importAction } from '~~/server/openapi/imports'
import * as imports from '~~/server/services/imports'
import { idParams, importActionBody } from '~~/shared/schemas'
import { importRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...importAction('undo'),
  access: 'member',
  params: idParams,
  body: importActionBody,
  success: { description: 'The import afterwards.', data: importRecord },
}, ({ ctx, params }) => imports.undo(ctx, params.id))
