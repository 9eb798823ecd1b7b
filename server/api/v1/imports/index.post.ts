import * as imports from '~~/server/services/imports'
import { IMPORT_MAX_BYTES, importUploadQuery } from '~~/shared/schemas'
import { importRecord } from '~~/shared/schemas/responses'

// The file is the body (text/csv), streamed into the database: this route has its own
// size limit (IMPORT_MAX_BYTES) instead of MAX_BODY_BYTES (see middleware/03.body-limit.ts).
const CSV_TYPES = /^(?:text\/(?:csv|tab-separated-values)|application\/(?:csv|vnd\.ms-excel|octet-stream))\s*(?:;|$)/i

export default defineApiRoute({
  operationId: 'uploadImport',
  tag: 'Imports',
  summary: 'Upload a CSV file to import',
  description: 'The file is the request body (up to 50 MiB), streamed into the database in 1 MiB pieces. Encoding (UTF-8 with or without BOM, else Windows-1252) and delimiter (`;`, `,`, tab) are detected; the mapping is guessed from the header line (German and English names). Next: `PUT /imports/{id}` to set the mapping, `GET …/preview`, then `POST …/run`.',
  access: 'member',
  query: importUploadQuery,
  upload: { mediaTypes: ['text/csv', 'application/vnd.ms-excel', 'application/octet-stream'], description: 'The CSV file.' },
  // A header line and no rows: running the import changes nothing.
  example: { query: { entity: 'contacts', fileName: 'example.csv' }, file: 'Vorname;Nachname\n' },
  success: { status: 201, description: 'The stored import, with headers, row count and guessed mapping.', data: importRecord },
  errors: { 400: 'Empty file, no header line, not CSV (e.g. an unclosed quote), or not sent as `text/csv`.', 413: 'The file exceeds 50 MiB.' },
}, async ({ event, ctx, query }) => {
  if (!CSV_TYPES.test(getRequestHeader(event, 'content-type') ?? '')) {
    throw validationError('Send the file as the request body with Content-Type: text/csv', [{ path: 'body', message: 'must be a CSV file' }])
  }
  const declared = Number(getRequestHeader(event, 'content-length') ?? 0)
  if (declared > IMPORT_MAX_BYTES) throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `The file exceeds ${IMPORT_MAX_BYTES} bytes`)
  return imports.upload(ctx, query, event.node.req)
})
