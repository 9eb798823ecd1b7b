import { exportOrganization } from '~~/server/services/privacy/export-organization'

export default defineEventHandler(async (event) => {
  const ctx = await requireUser(event, 'owner')
  const { filename, stream } = await exportOrganization(ctx)
  setResponseHeaders(event, {
    'content-type': 'application/zip',
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'no-store',
  })
  return sendStream(event, stream)
})
