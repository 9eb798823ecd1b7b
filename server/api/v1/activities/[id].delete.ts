import { activityDocs } from '~~/server/openapi/crud'
import * as activities from '~~/server/services/activities'
import { deletedRecord, idParams } from '~~/shared/schemas'

export default defineApiRoute({
  ...activityDocs.remove,
  access: 'member',
  params: idParams,
  success: { description: 'Deleted.', data: deletedRecord },
}, ({ ctx, params }) => activities.remove(ctx, params.id))
