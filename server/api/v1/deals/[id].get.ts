import { dealDocs } from '~~/server/openapi/crud'
import * as deals from '~~/server/services/deals'
import { dealRecord, idParams } from '~~/shared/schemas'

export default defineApiRoute({
  ...dealDocs.get,
  access: 'viewer',
  params: idParams,
  success: { description: 'The deal.', data: dealRecord },
}, ({ ctx, params }) => deals.get(ctx, params.id))
