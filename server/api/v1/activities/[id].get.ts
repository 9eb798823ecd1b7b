import { activityDocs } from '~~/server/openapi/crud'
import * as activities from '~~/server/services/activities'
import { idParams } from '~~/shared/schemas'
import { activityRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...activityDocs.get,
  access: 'viewer',
  params: idParams,
  success: { description: 'The activity.', data: activityRecord },
}, ({ ctx, params }) => activities.get(ctx, params.id))
