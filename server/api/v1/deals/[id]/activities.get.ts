import { listQueryParams } from '~~/server/openapi/components'
import { nestedList } from '~~/server/openapi/crud'
import * as activities from '~~/server/services/activities'
import * as deals from '~~/server/services/deals'
import { ACTIVITY_SORT_FIELDS, dealActivitiesQuery, idParams } from '~~/shared/schemas'
import { activityRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...nestedList({ name: 'deal', tag: 'Deals' }, 'activities', 'listDealActivities'),
  access: 'viewer',
  params: idParams,
  query: listQueryParams(dealActivitiesQuery, { sortFields: ACTIVITY_SORT_FIELDS }),
  success: { description: 'One page of the deal\'s activities.', list: activityRecord },
}, async ({ ctx, params, query }) => {
  await deals.assertExists(ctx, params.id)
  return activities.list(ctx, { ...query, dealId: params.id })
})
