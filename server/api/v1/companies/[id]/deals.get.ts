import { listQueryParams } from '~~/server/openapi/components'
import { nestedList } from '~~/server/openapi/crud'
import * as companies from '~~/server/services/companies'
import * as deals from '~~/server/services/deals'
import { companyDealsQuery, DEAL_SORT_FIELDS, idParams } from '~~/shared/schemas'
import { dealRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...nestedList({ name: 'company', tag: 'Companies' }, 'deals', 'listCompanyDeals'),
  access: 'viewer',
  params: idParams,
  query: listQueryParams(companyDealsQuery, { sortFields: DEAL_SORT_FIELDS }),
  success: { description: 'One page of the company\'s deals.', list: dealRecord },
}, async ({ ctx, params, query }) => {
  await companies.assertExists(ctx, params.id)
  return deals.list(ctx, { ...query, companyId: params.id })
})
