import * as imports from '~~/server/services/imports'
import { idParams, importMappingInput } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const ctx = await requireRole(event, 'member')
  const input = await validateBody(event, importMappingInput)
  return ok(await imports.setMapping(ctx, id, input))
})
