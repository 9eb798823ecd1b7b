import { companyDocs } from '~~/server/openapi/crud'
import * as companies from '~~/server/services/companies'
import { idParams } from '~~/shared/schemas'
import { removed } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...companyDocs.remove,
  access: 'member',
  params: idParams,
  success: { description: 'Deleted.', data: removed },
}, ({ ctx, params }) => companies.remove(ctx, params.id))
