import { dealDocs } from '~~/server/openapi/crud'
import * as deals from '~~/server/services/deals'
import { deletedRecord, idParams } from '~~/shared/schemas'

export default defineApiRoute({
  ...dealDocs.remove,
  access: 'member',
  params: idParams,
  success: { description: 'Deleted.', data: deletedRecord },
}, ({ ctx, params }) => deals.remove(ctx, params.id))
