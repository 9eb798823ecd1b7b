import { pipelineDocs } from '~~/server/openapi/crud'
import * as pipelines from '~~/server/services/pipelines'
import { deletedRecord, idParams } from '~~/shared/schemas'

export default defineApiRoute({
  ...pipelineDocs.remove,
  access: 'admin',
  params: idParams,
  success: { description: 'Deleted.', data: deletedRecord },
}, ({ ctx, params }) => pipelines.remove(ctx, params.id))
