import { dealDocs } from '~~/server/openapi/crud'
import * as deals from '~~/server/services/deals'
import { idParams } from '~~/shared/schemas'
import { removed } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...dealDocs.remove,
  access: 'member',
  params: idParams,
  success: { description: 'Deleted.', data: removed },
}, ({ ctx, params }) => deals.remove(ctx, params.id))
