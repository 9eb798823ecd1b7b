import { dealDocs } from '~~/server/openapi/crud'
import * as deals from '~~/server/services/deals'
import { dealCreate } from '~~/shared/schemas'
import { dealRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...dealDocs.create,
  access: 'member',
  idempotent: true,
  body: dealCreate,
  example: { body: { title: 'Annual support contract', value: '12000.00', currency: 'EUR', pipelineId: '0190a1b2-0000-7000-8000-000000000001', expectedCloseDate: '2026-09-30', stageId: '0190a1b2-0000-7000-8000-000000000004', contactId: '0190a1b2-0000-7000-8000-000000000005', companyId: '0190a1b2-0000-7000-8000-000000000002', ownerId: '0190a1b2-0000-7000-8000-000000000003' } },
  success: { status: 201, description: dealDocs.created, data: dealRecord },
}, ({ ctx, body }) => deals.create(ctx, body))
