import { listQueryParams } from '~~/server/openapi/components'
import { exportDocs } from '~~/server/openapi/imports'
import { exportCsv } from '~~/server/services/exports'
import { COMPANY_SORT_FIELDS, companyExportQuery } from '~~/shared/schemas'

export default defineApiRoute({
  ...exportDocs('Companies'),
  access: 'viewer',
  query: listQueryParams(companyExportQuery, { sortFields: COMPANY_SORT_FIELDS }),
  success: { description: 'The companies as CSV.', csv: true },
}, ({ event, ctx, query }) => sendCsv(event, exportCsv(ctx, 'companies', query)))
