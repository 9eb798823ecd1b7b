import { listQueryParams } from '~~/server/openapi/components'
import { exportDocs } from '~~/server/openapi/imports'
import { exportCsv } from '~~/server/services/exports'
import { ACTIVITY_SORT_FIELDS, activityExportQuery } from '~~/shared/schemas'

export default defineApiRoute({
  ...exportDocs('Activities'),
  access: 'viewer',
  query: listQueryParams(activityExportQuery, { sortFields: ACTIVITY_SORT_FIELDS }),
  success: { description: 'The activities as CSV.', csv: true },
}, ({ event, ctx, query }) => sendCsv(event, exportCsv(ctx, 'activities', query)))
