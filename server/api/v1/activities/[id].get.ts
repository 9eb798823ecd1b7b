import { activityDocs } from '~~/server/openapi/crud'
import * as activities from '~~/server/services/activities'
import { activityRecord, idParams } from '~~/shared/schemas'

export default defineApiRoute({
  ...activityDocs.get,
  access: 'viewer',
  params: idParams,
  success: { description: 'The activity.', data: activityRecord },
}, ({ ctx, params }) => activities.get(ctx, params.id))
