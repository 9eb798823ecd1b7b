import { companyDocs } from '~~/server/openapi/crud'
import * as companies from '~~/server/services/companies'
import { deletedRecord, idParams } from '~~/shared/schemas'

export default defineApiRoute({
  ...companyDocs.remove,
  access: 'member',
  params: idParams,
  success: { description: 'Deleted.', data: deletedRecord },
}, ({ ctx, params }) => companies.remove(ctx, params.id))
