import { listQueryParams } from '~~/server/openapi/components'
import { exportDocs } from '~~/server/openapi/imports'
import { exportCsv } from '~~/server/services/exports'
import { DEAL_SORT_FIELDS, dealExportQuery } from '~~/shared/schemas'

export default defineApiRoute({
  ...exportDocs('Deals'),
  access: 'viewer',
  query: listQueryParams(dealExportQuery, { sortFields: DEAL_SORT_FIELDS }),
  success: { description: 'The deals as CSV.', csv: true },
}, ({ event, ctx, query }) => sendCsv(event, exportCsv(ctx, 'deals', query)))
