import * as pipelines from '~~/server/services/pipelines'
import { pipelineUpdate, idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const ctx = await requireRole(event, 'admin')
  const input = await validateBody(event, pipelineUpdate)
  return ok(await pipelines.update(ctx, id, input))
})
