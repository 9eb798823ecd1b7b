import { IMPORT_NOT_FOUND } from '~~/server/openapi/imports'
import * as imports from '~~/server/services/imports'
import { idParams } from '~~/shared/schemas'
import { importPreview } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'previewImport',
  tag: 'Imports',
  summary: 'Preview the first rows',
  description: 'The first 20 non-blank rows as the current mapping reads them, each checked by the same validators as the API\'s create routes.',
  access: 'member',
  params: idParams,
  success: { description: 'The rows, with their line numbers and problems.', data: importPreview },
  errors: { 404: IMPORT_NOT_FOUND },
}, ({ ctx, params }) => imports.preview(ctx, params.id))
