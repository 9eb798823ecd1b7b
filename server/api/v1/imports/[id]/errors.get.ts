import { IMPORT_NOT_FOUND } from '~~/server/openapi/imports'
import * as imports from '~~/server/services/imports'
import { idParams } from '~~/shared/schemas'

export default defineApiRoute({
  operationId: 'importErrors',
  tag: 'Imports',
  summary: 'Download the rejected rows',
  description: 'CSV (`line`, `reason`) in the file\'s delimiter, UTF-8 with BOM: every rejected row with its line number in the uploaded file and why.',
  access: 'member',
  params: idParams,
  success: { description: 'The rejected rows as CSV.', csv: true },
  errors: { 404: IMPORT_NOT_FOUND },
}, async ({ event, ctx, params }) => sendCsv(event, await imports.errorsCsv(ctx, params.id)))
