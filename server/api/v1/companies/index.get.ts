import * as companies from '~~/server/services/companies'
import { companyListQuery } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const query = validateQuery(event, companyListQuery)
  const ctx = await requireRole(event, 'viewer')
  const { data, meta } = await companies.list(ctx, query)
  return ok(data, meta)
})
