import * as deals from '~~/server/services/deals'
import * as companies from '~~/server/services/companies'
import { companyDealsQuery, idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const query = validateQuery(event, companyDealsQuery)
  const ctx = await requireRole(event, 'viewer')
  await companies.assertExists(ctx, id)
  const { data, meta } = await deals.list(ctx, { ...query, companyId: id })
  return ok(data, meta)
})
