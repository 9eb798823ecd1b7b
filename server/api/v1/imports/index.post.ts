import * as imports from '~~/server/services/imports'
import { IMPORT_MAX_BYTES, importUploadQuery } from '~~/shared/schemas'

// The file is the body (text/csv), streamed into the database: this route has its own
// size limit (IMPORT_MAX_BYTES) instead of MAX_BODY_BYTES (see middleware/03.body-limit.ts).
const CSV_TYPES = /^(?:text\/(?:csv|tab-separated-values)|application\/(?:csv|vnd\.ms-excel|octet-stream))\s*(?:;|$)/i

export default defineEventHandler(async (event) => {
  const query = validateQuery(event, importUploadQuery)
  const ctx = await requireRole(event, 'member')
  if (!CSV_TYPES.test(getRequestHeader(event, 'content-type') ?? '')) {
    throw validationError('Send the file as the request body with Content-Type: text/csv', [{ path: 'body', message: 'must be a CSV file' }])
  }
  const declared = Number(getRequestHeader(event, 'content-length') ?? 0)
  if (declared > IMPORT_MAX_BYTES) throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `The file exceeds ${IMPORT_MAX_BYTES} bytes`)
  return created(event, await imports.upload(ctx, query, event.node.req))
})
