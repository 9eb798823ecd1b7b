import * as contacts from '~~/server/services/contacts'
import { contactListQuery } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const query = validateQuery(event, contactListQuery)
  const ctx = await requireRole(event, 'viewer')
  const { data, meta } = await contacts.list(ctx, query)
  return ok(data, meta)
})
