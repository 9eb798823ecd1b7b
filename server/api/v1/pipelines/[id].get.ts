import * as pipelines from '~~/server/services/pipelines'
import { idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const ctx = await requireRole(event, 'viewer')
  return ok(await pipelines.get(ctx, id))
})
