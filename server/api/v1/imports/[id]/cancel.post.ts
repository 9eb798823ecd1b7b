import * as imports from '~~/server/services/imports'
import { idParams, importActionBody } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const ctx = await requireRole(event, 'member')
  await validateBody(event, importActionBody)
  return ok(await imports.cancel(ctx, id))
})
