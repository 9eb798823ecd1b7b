import * as activities from '~~/server/services/activities'
import * as contacts from '~~/server/services/contacts'
import { contactActivitiesQuery, idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const query = validateQuery(event, contactActivitiesQuery)
  const ctx = await requireRole(event, 'viewer')
  await contacts.assertExists(ctx, id)
  const { data, meta } = await activities.list(ctx, { ...query, contactId: id })
  return ok(data, meta)
})
