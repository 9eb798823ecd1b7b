import { exportOrganization } from '~~/server/services/privacy/export-organization'
import { zipArchive } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'exportOrganization',
  tag: 'Privacy',
  summary: 'Export all data of the organization',
  description: 'A zip, streamed while it is made: `organization.json`, then a JSON and a CSV file per table. Password, key and token hashes are left out.',
  access: { user: 'owner' },
  success: { description: 'The archive, as an attachment.', raw: zipArchive, mediaType: 'application/zip' },
}, async ({ event, ctx }) => {
  const { filename, stream } = await exportOrganization(ctx)
  setResponseHeaders(event, {
    'content-type': 'application/zip',
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'no-store',
  })
  return sendStream(event, stream)
})
