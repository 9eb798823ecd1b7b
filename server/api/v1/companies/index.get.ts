import { companyDocs } from '~~/server/openapi/crud'
import { listQueryParams } from '~~/server/openapi/components'
import * as companies from '~~/server/services/companies'
import { COMPANY_SORT_FIELDS, companyListQuery, companyRecord } from '~~/shared/schemas'

export default defineApiRoute({
  ...companyDocs.list,
  access: 'viewer',
  query: listQueryParams(companyListQuery, { sortFields: COMPANY_SORT_FIELDS, search: companyDocs.search }),
  success: { description: 'One page of companies.', list: companyRecord },
}, ({ ctx, query }) => companies.list(ctx, query))
