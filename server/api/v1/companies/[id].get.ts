import { companyDocs } from '~~/server/openapi/crud'
import * as companies from '~~/server/services/companies'
import { idParams } from '~~/shared/schemas'
import { companyRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...companyDocs.get,
  access: 'viewer',
  params: idParams,
  success: { description: 'The company.', data: companyRecord },
}, ({ ctx, params }) => companies.get(ctx, params.id))
