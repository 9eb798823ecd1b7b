import { pipelineDocs } from '~~/server/openapi/crud'
import * as pipelines from '~~/server/services/pipelines'
import { idParams } from '~~/shared/schemas'
import { removed } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...pipelineDocs.remove,
  access: 'admin',
  params: idParams,
  success: { description: 'Deleted.', data: removed },
}, ({ ctx, params }) => pipelines.remove(ctx, params.id))
