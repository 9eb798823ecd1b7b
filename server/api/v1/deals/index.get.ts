import { dealDocs } from '~~/server/openapi/crud'
import { listQueryParams } from '~~/server/openapi/components'
import * as deals from '~~/server/services/deals'
import { DEAL_SORT_FIELDS, dealListQuery } from '~~/shared/schemas'
import { dealRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...dealDocs.list,
  access: 'viewer',
  query: listQueryParams(dealListQuery, { sortFields: DEAL_SORT_FIELDS, search: dealDocs.search }),
  success: { description: 'One page of deals.', list: dealRecord },
}, ({ ctx, query }) => deals.list(ctx, query))
