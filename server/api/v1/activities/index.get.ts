import { activityDocs } from '~~/server/openapi/crud'
import { listQueryParams } from '~~/server/openapi/components'
import * as activities from '~~/server/services/activities'
import { ACTIVITY_SORT_FIELDS, activityListQuery } from '~~/shared/schemas'
import { activityRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...activityDocs.list,
  access: 'viewer',
  query: listQueryParams(activityListQuery, { sortFields: ACTIVITY_SORT_FIELDS, search: activityDocs.search }),
  success: { description: 'One page of activities.', list: activityRecord },
}, ({ ctx, query }) => activities.list(ctx, query))
