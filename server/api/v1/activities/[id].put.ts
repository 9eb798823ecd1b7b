import { activityDocs } from '~~/server/openapi/crud'
import * as activities from '~~/server/services/activities'
import { activityUpdate, idParams } from '~~/shared/schemas'
import { activityRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...activityDocs.update,
  access: 'member',
  params: idParams,
  body: activityUpdate,
  example: { body: { completedAt: '2026-07-01T09:30:00+02:00', dealId: '0190a1b2-0000-7000-8000-000000000006', contactId: '0190a1b2-0000-7000-8000-000000000005', companyId: '0190a1b2-0000-7000-8000-000000000002', ownerId: '0190a1b2-0000-7000-8000-000000000003' } },
  success: { description: 'The activity as it is now.', data: activityRecord },
}, ({ ctx, params, body }) => activities.update(ctx, params.id, body))
