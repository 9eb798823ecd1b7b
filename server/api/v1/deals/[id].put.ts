import { dealDocs } from '~~/server/openapi/crud'
import * as deals from '~~/server/services/deals'
import { dealUpdate, idParams } from '~~/shared/schemas'
import { dealRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...dealDocs.update,
  access: 'member',
  params: idParams,
  body: dealUpdate,
  example: { body: { value: '15000.00', expectedCloseDate: '2026-10-31', contactId: '0190a1b2-0000-7000-8000-000000000005', companyId: '0190a1b2-0000-7000-8000-000000000002', ownerId: '0190a1b2-0000-7000-8000-000000000003' } },
  success: { description: 'The deal as it is now.', data: dealRecord },
}, ({ ctx, params, body }) => deals.update(ctx, params.id, body))
