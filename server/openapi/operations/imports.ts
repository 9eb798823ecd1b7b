import {
  ACTIVITY_SORT_FIELDS, activityExportQuery, COMPANY_SORT_FIELDS, companyExportQuery, CONTACT_SORT_FIELDS, contactExportQuery,
  DEAL_SORT_FIELDS, dealExportQuery, idParams, importListQuery, importMappingInput, importPreview, importRecord, importUploadQuery,
} from '../../../shared/schemas'
import { dataOf, listOf, listQueryParams, type Tag } from '../components'
import { operation, type Operation } from '../operation'

const notFound = 'No import with this id in your organization (ids of other organizations look the same).'
const one = '/api/v1/imports/{id}'

export const importOperations: Operation[] = [
  operation('post', '/api/v1/imports', {
    operationId: 'uploadImport',
    tag: 'Imports',
    summary: 'Upload a CSV file to import',
    description: 'The file is the request body (up to 50 MiB), streamed into the database in 1 MiB pieces. Encoding (UTF-8 with or without BOM, else Windows-1252) and delimiter (`;`, `,`, tab) are detected; the mapping is guessed from the header line (German and English names). Next: `PUT /imports/{id}` to set the mapping, `GET …/preview`, then `POST …/run`.',
    access: 'member',
    query: importUploadQuery,
    upload: { mediaTypes: ['text/csv', 'application/vnd.ms-excel', 'application/octet-stream'], description: 'The CSV file.' },
    success: { status: 201, description: 'The stored import, with headers, row count and guessed mapping.', schema: dataOf(importRecord) },
    errors: { 400: 'Empty file, no header line, not CSV (e.g. an unclosed quote), or not sent as `text/csv`.', 413: 'The file exceeds 50 MiB.' },
  }),
  operation('get', '/api/v1/imports', {
    operationId: 'listImports',
    tag: 'Imports',
    summary: 'List imports',
    description: 'The organization\'s import history, newest first.',
    access: 'member',
    query: listQueryParams(importListQuery),
    success: { description: 'One page of imports.', schema: listOf(importRecord) },
  }),
  operation('get', one, {
    operationId: 'getImport',
    tag: 'Imports',
    summary: 'Read an import and its progress',
    description: 'Poll this while an import runs: `rowsDone` of `totalRows` and the counts grow batch by batch.',
    access: 'member',
    params: idParams,
    success: { description: 'The import.', schema: dataOf(importRecord) },
    errors: { 404: notFound },
  }),
  operation('put', one, {
    operationId: 'mapImport',
    tag: 'Imports',
    summary: 'Set the column mapping and duplicate handling',
    description: 'Which column fills which field, and what to do with a row that matches an existing record (contacts by email, companies by name or web domain; deals are always created): `skip`, `update` (filled cells overwrite, blank ones keep) or `create`.',
    access: 'member',
    params: idParams,
    body: importMappingInput,
    success: { description: 'The mapped import.', schema: dataOf(importRecord) },
    errors: { 400: 'A column the file does not have, a field of another kind of record, a field mapped twice, or a required field unmapped.', 404: notFound, 409: 'The import has already run.' },
  }),
  operation('get', `${one}/preview`, {
    operationId: 'previewImport',
    tag: 'Imports',
    summary: 'Preview the first rows',
    description: 'The first 20 non-blank rows as the current mapping reads them, each checked by the same validators as the API\'s create routes.',
    access: 'member',
    params: idParams,
    success: { description: 'The rows, with their line numbers and problems.', schema: dataOf(importPreview) },
    errors: { 404: notFound },
  }),
  ...(['run', 'resume', 'cancel', 'undo'] as const).map(action => operation('post', `${one}/${action}`, {
    operationId: `${action}Import`,
    tag: 'Imports',
    summary: {
      run: 'Run an import',
      resume: 'Resume an interrupted or failed import',
      cancel: 'Cancel an import',
      undo: 'Undo an import',
    }[action],
    description: `${{
      run: 'Starts the import in the background in batches of 500 rows; each batch is one transaction that also advances the import\'s cursor, so a crash never leaves half a batch. One audit entry records the run.',
      resume: 'Continues after the last committed batch. A running import whose server stopped becomes `interrupted` within about 20 seconds.',
      cancel: 'Stops after the current batch; rows already imported stay until the import is undone.',
      undo: 'In one transaction: deletes the records the import created (including companies it created for contact or deal rows) and restores the previous values of records it updated. One audit entry records the undo.',
    }[action]} No body (or an empty JSON object).`,
    access: 'member',
    params: idParams,
    success: action === 'run' || action === 'resume'
      ? { status: 202, description: 'The import, now running.', schema: dataOf(importRecord) }
      : { description: 'The import afterwards.', schema: dataOf(importRecord) },
    errors: { 404: notFound, 409: 'The import is not in a state that allows this.' },
  })),
  operation('get', `${one}/errors`, {
    operationId: 'importErrors',
    tag: 'Imports',
    summary: 'Download the rejected rows',
    description: 'CSV (`line`, `reason`) in the file\'s delimiter, UTF-8 with BOM: every rejected row with its line number in the uploaded file and why.',
    access: 'member',
    params: idParams,
    success: { description: 'The rejected rows as CSV.', csv: true },
    errors: { 404: notFound },
  }),
]

const exportText = 'Streams every row matching the list\'s filters and sort (no paging) as CSV, UTF-8 with BOM. `headers=keys` (default) gives stable field names for automation; `headers=labels` the column names in `lang`. The delimiter is `;` for German labels (German Excel) and `,` otherwise, unless `delimiter` says; German labels also write amounts with a decimal comma.'

function exportOf(path: string, tag: Tag, plural: string, query: typeof contactExportQuery | typeof companyExportQuery | typeof dealExportQuery | typeof activityExportQuery, sortFields: readonly string[]): Operation {
  return operation('get', `/api/v1/${path}/export`, {
    operationId: `export${plural}`,
    tag,
    summary: `Export ${plural.toLowerCase()} as CSV`,
    description: exportText,
    access: 'viewer',
    query: listQueryParams(query, { sortFields }),
    success: { description: `The ${plural.toLowerCase()} as CSV.`, csv: true },
  })
}

export const exportOperations: Operation[] = [
  exportOf('contacts', 'Contacts', 'Contacts', contactExportQuery, CONTACT_SORT_FIELDS),
  exportOf('companies', 'Companies', 'Companies', companyExportQuery, COMPANY_SORT_FIELDS),
  exportOf('deals', 'Deals', 'Deals', dealExportQuery, DEAL_SORT_FIELDS),
  exportOf('activities', 'Activities', 'Activities', activityExportQuery, ACTIVITY_SORT_FIELDS),
]
