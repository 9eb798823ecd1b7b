import { listQueryParams } from '~~/server/openapi/components'
import { nestedList } from '~~/server/openapi/crud'
import * as contacts from '~~/server/services/contacts'
import * as deals from '~~/server/services/deals'
import { contactDealsQuery, DEAL_SORT_FIELDS, idParams } from '~~/shared/schemas'
import { dealRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...nestedList({ name: 'contact', tag: 'Contacts' }, 'deals', 'listContactDeals'),
  access: 'viewer',
  params: idParams,
  query: listQueryParams(contactDealsQuery, { sortFields: DEAL_SORT_FIELDS }),
  success: { description: 'One page of the contact\'s deals.', list: dealRecord },
}, async ({ ctx, params, query }) => {
  await contacts.assertExists(ctx, params.id)
  return deals.list(ctx, { ...query, contactId: params.id })
})
