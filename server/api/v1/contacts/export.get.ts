import { listQueryParams } from '~~/server/openapi/components'
import { exportDocs } from '~~/server/openapi/imports'
import { exportCsv } from '~~/server/services/exports'
import { CONTACT_SORT_FIELDS, contactExportQuery } from '~~/shared/schemas'

export default defineApiRoute({
  ...exportDocs('Contacts'),
  access: 'viewer',
  query: listQueryParams(contactExportQuery, { sortFields: CONTACT_SORT_FIELDS }),
  success: { description: 'The contacts as CSV.', csv: true },
}, ({ event, ctx, query }) => sendCsv(event, exportCsv(ctx, 'contacts', query)))
