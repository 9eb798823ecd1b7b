import { dealDocs } from '~~/server/openapi/crud'
import * as deals from '~~/server/services/deals'
import { idParams } from '~~/shared/schemas'
import { dealRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...dealDocs.get,
  access: 'viewer',
  params: idParams,
  success: { description: 'The deal.', data: dealRecord },
}, ({ ctx, params }) => deals.get(ctx, params.id))
