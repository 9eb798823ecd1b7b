import { pipelineDocs } from '~~/server/openapi/crud'
import * as pipelines from '~~/server/services/pipelines'
import { idParams } from '~~/shared/schemas'
import { pipelineRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...pipelineDocs.get,
  access: 'viewer',
  params: idParams,
  success: { description: 'The pipeline.', data: pipelineRecord },
}, ({ ctx, params }) => pipelines.get(ctx, params.id))
