import { exportContact } from '~~/server/services/privacy/export-contact'
import { idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const ctx = await requireRole(event, 'admin')
  const { filename, zip } = await exportContact(ctx, id)
  setResponseHeaders(event, {
    'content-type': 'application/zip',
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'no-store',
  })
  return Buffer.from(zip)
})
