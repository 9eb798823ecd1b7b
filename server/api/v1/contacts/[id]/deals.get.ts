import * as contacts from '~~/server/services/contacts'
import * as deals from '~~/server/services/deals'
import { contactDealsQuery, idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const query = validateQuery(event, contactDealsQuery)
  const ctx = await requireRole(event, 'viewer')
  await contacts.assertExists(ctx, id)
  const { data, meta } = await deals.list(ctx, { ...query, contactId: id })
  return ok(data, meta)
})
