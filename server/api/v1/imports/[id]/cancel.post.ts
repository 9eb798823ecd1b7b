import { importAction } from '~~/server/openapi/imports'
import * as imports from '~~/server/services/imports'
import { idParams, importActionBody } from '~~/shared/schemas'
import { importRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...importAction('cancel'),
  access: 'member',
  params: idParams,
  body: importActionBody,
  success: { description: 'The import afterwards.', data: importRecord },
}, ({ ctx, params }) => imports.cancel(ctx, params.id))
