import { activityDocs } from '~~/server/openapi/crud'
import * as activities from '~~/server/services/activities'
import { activityCreate } from '~~/shared/schemas'
import { activityRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...activityDocs.create,
  access: 'member',
  idempotent: true,
  body: activityCreate,
  example: { body: { type: 'call', subject: 'Follow-up call about the offer', dueAt: '2026-07-01T09:00:00+02:00', dealId: '0190a1b2-0000-7000-8000-000000000001', contactId: '0190a1b2-0000-7000-8000-000000000005', companyId: '0190a1b2-0000-7000-8000-000000000002', ownerId: '0190a1b2-0000-7000-8000-000000000003' } },
  success: { status: 201, description: activityDocs.created, data: activityRecord },
}, ({ ctx, body }) => activities.create(ctx, body))
