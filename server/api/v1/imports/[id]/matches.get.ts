import { IMPORT_NOT_FOUND } from '~~/server/openapi/imports'
import * as imports from '~~/server/services/imports'
import { idParams } from '~~/shared/schemas'

export default defineApiRoute({
  operationId: 'importMatches',
  tag: 'Imports',
  summary: 'Download the rows that matched existing records',
  description: 'CSV (`line`, `rules`, `action`, `recordId`) in the file\'s delimiter, UTF-8 with BOM: every row that matched a record of your organization (or an earlier row of the file) by the duplicate matcher of the create check — `rules` names what matched (`email`, `phone`, `name`, `domain`, joined by `+`), `action` what the import did (`skipped`, `updated` the record, or `created` a new one anyway, as the import\'s `duplicateMode` says).',
  access: 'member',
  params: idParams,
  success: { description: 'The matched rows as CSV.', csv: true },
  errors: { 404: IMPORT_NOT_FOUND },
}, async ({ event, ctx, params }) => sendCsv(event, await imports.matchesCsv(ctx, params.id)))
