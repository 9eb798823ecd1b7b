import { pipelineDocs } from '~~/server/openapi/crud'
import { listQueryParams } from '~~/server/openapi/components'
import * as pipelines from '~~/server/services/pipelines'
import { pipelineListQuery } from '~~/shared/schemas'
import { pipelineRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...pipelineDocs.list,
  access: 'viewer',
  query: listQueryParams(pipelineListQuery),
  success: { description: 'One page of pipelines.', list: pipelineRecord },
}, ({ ctx, query }) => pipelines.list(ctx, query))
