import { dealDocs } from '~~/server/openapi/crud'
import * as deals from '~~/server/services/deals'
import { dealUpdate, idParams } from '~~/shared/schemas'
import { dealRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...dealDocs.update,
  access: 'member',
  params: idParams,
  body: dealUpdate,
  example: { body: { value: '15000.00', expectedCloseDate: '2026-10-31' } },
  success: { description: 'The deal as it is now.', data: dealRecord },
}, ({ ctx, params, body }) => deals.update(ctx, params.id, body))
