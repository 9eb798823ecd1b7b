import { listQueryParams } from '~~/server/openapi/components'
import { nestedList } from '~~/server/openapi/crud'
import * as activities from '~~/server/services/activities'
import * as companies from '~~/server/services/companies'
import { ACTIVITY_SORT_FIELDS, companyActivitiesQuery, idParams } from '~~/shared/schemas'
import { activityRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...nestedList({ name: 'company', tag: 'Companies' }, 'activities', 'listCompanyActivities'),
  description: 'The company\'s timeline: activities that name the company, one of its contacts or one of its deals. Otherwise the same as `GET /api/v1/activities` (sending `companyId` too is refused).',
  access: 'viewer',
  params: idParams,
  query: listQueryParams(companyActivitiesQuery, { sortFields: ACTIVITY_SORT_FIELDS }),
  success: { description: 'One page of the company\'s activities and those of its contacts and deals.', list: activityRecord },
}, async ({ ctx, params, query }) => {
  await companies.assertExists(ctx, params.id)
  return activities.list(ctx, query, { companyTimeline: params.id })
})
