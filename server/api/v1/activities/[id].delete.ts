import { activityDocs } from '~~/server/openapi/crud'
import * as activities from '~~/server/services/activities'
import { idParams } from '~~/shared/schemas'
import { removed } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...activityDocs.remove,
  access: 'member',
  params: idParams,
  success: { description: 'Deleted.', data: removed },
}, ({ ctx, params }) => activities.remove(ctx, params.id))
