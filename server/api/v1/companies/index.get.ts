import { companyDocs } from '~~/server/openapi/crud'
import { listQueryParams } from '~~/server/openapi/components'
import * as companies from '~~/server/services/companies'
import { COMPANY_SORT_FIELDS, companyListQuery } from '~~/shared/schemas'
import { companyRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...companyDocs.list,
  access: 'viewer',
  query: listQueryParams(companyListQuery, { sortFields: COMPANY_SORT_FIELDS, search: companyDocs.search }),
  success: { description: 'One page of companies.', list: companyRecord },
}, ({ ctx, query }) => companies.list(ctx, query))
