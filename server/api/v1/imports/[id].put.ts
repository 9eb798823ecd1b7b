import { IMPORT_NOT_FOUND } from '~~/server/openapi/imports'
import * as imports from '~~/server/services/imports'
import { idParams, importMappingInput } from '~~/shared/schemas'
import { importRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'mapImport',
  tag: 'Imports',
  summary: 'Set the column mapping and duplicate handling',
  description: 'Which column fills which field, and what to do with a row that matches an existing record (contacts by email, companies by name or web domain; deals are always created): `skip`, `update` (filled cells overwrite, blank ones keep) or `create`.',
  access: 'member',
  params: idParams,
  body: importMappingInput,
  example: { body: { mapping: { 0: 'firstName', 1: 'lastName' }, duplicateMode: 'skip' } },
  success: { description: 'The mapped import.', data: importRecord },
  errors: { 400: 'A column the file does not have, a field of another kind of record, a field mapped twice, or a required field unmapped.', 404: IMPORT_NOT_FOUND, 409: 'The import has already run.' },
}, ({ ctx, params, body }) => imports.setMapping(ctx, params.id, body))
