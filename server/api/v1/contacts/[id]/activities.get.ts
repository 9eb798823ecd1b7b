import { listQueryParams } from '~~/server/openapi/components'
import { nestedList } from '~~/server/openapi/crud'
import * as activities from '~~/server/services/activities'
import * as contacts from '~~/server/services/contacts'
import { ACTIVITY_SORT_FIELDS, contactActivitiesQuery, idParams } from '~~/shared/schemas'
import { activityRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...nestedList({ name: 'contact', tag: 'Contacts' }, 'activities', 'listContactActivities'),
  access: 'viewer',
  params: idParams,
  query: listQueryParams(contactActivitiesQuery, { sortFields: ACTIVITY_SORT_FIELDS }),
  success: { description: 'One page of the contact\'s activities.', list: activityRecord },
}, async ({ ctx, params, query }) => {
  await contacts.assertExists(ctx, params.id)
  return activities.list(ctx, { ...query, contactId: params.id })
})
