import { pipelineDocs } from '~~/server/openapi/crud'
import * as pipelines from '~~/server/services/pipelines'
import { idParams, pipelineUpdate } from '~~/shared/schemas'
import { pipelineRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...pipelineDocs.update,
  access: 'admin',
  params: idParams,
  body: pipelineUpdate,
  example: { body: { name: 'Renewals' } },
  success: { description: 'The pipeline as it is now.', data: pipelineRecord },
}, ({ ctx, params, body }) => pipelines.update(ctx, params.id, body))
