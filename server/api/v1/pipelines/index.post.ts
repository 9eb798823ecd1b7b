import * as pipelines from '~~/server/services/pipelines'
import { pipelineCreate } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const ctx = await requireRole(event, 'admin')
  return idempotent(event, ctx, async () => {
    const input = await validateBody(event, pipelineCreate)
    return created(event, await pipelines.create(ctx, input))
  })
})
