import * as contacts from '~~/server/services/contacts'
import * as companies from '~~/server/services/companies'
import { companyContactsQuery, idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const query = validateQuery(event, companyContactsQuery)
  const ctx = await requireRole(event, 'viewer')
  await companies.assertExists(ctx, id)
  const { data, meta } = await contacts.list(ctx, { ...query, companyId: id })
  return ok(data, meta)
})
