import { listQueryParams } from '~~/server/openapi/components'
import { nestedList } from '~~/server/openapi/crud'
import * as companies from '~~/server/services/companies'
import * as contacts from '~~/server/services/contacts'
import { companyContactsQuery, CONTACT_SORT_FIELDS, idParams } from '~~/shared/schemas'
import { contactRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...nestedList({ name: 'company', tag: 'Companies' }, 'contacts', 'listCompanyContacts'),
  access: 'viewer',
  params: idParams,
  query: listQueryParams(companyContactsQuery, { sortFields: CONTACT_SORT_FIELDS }),
  success: { description: 'One page of the company\'s contacts.', list: contactRecord },
}, async ({ ctx, params, query }) => {
  await companies.assertExists(ctx, params.id)
  return contacts.list(ctx, { ...query, companyId: params.id })
})
