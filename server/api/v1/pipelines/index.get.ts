import * as pipelines from '~~/server/services/pipelines'
import { pipelineListQuery } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const query = validateQuery(event, pipelineListQuery)
  const ctx = await requireRole(event, 'viewer')
  const { data, meta } = await pipelines.list(ctx, query)
  return ok(data, meta)
})
