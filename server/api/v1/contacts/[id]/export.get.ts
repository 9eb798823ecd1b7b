import { exportContact } from '~~/server/services/privacy/export-contact'
import { idParams } from '~~/shared/schemas'
import { zipArchive } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'exportContactPersonalData',
  tag: 'Privacy',
  summary: 'Export a contact\'s personal data (Art. 15, 20 DSGVO)',
  description: 'A zip with `personal-data.json` (every field, the company, deals, activities, consent records and the audit entries about the person, plus who exported it, when and from which organization) and one CSV file per part. Text cells starting with = + - @ get a leading apostrophe in the CSV files only.',
  access: 'admin',
  params: idParams,
  success: { description: 'The archive, as an attachment.', raw: zipArchive, mediaType: 'application/zip' },
  errors: { 404: 'No such contact in this organization.' },
}, async ({ event, ctx, params }) => {
  const { filename, zip } = await exportContact(ctx, params.id)
  setResponseHeaders(event, {
    'content-type': 'application/zip',
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'no-store',
  })
  return Buffer.from(zip)
})
