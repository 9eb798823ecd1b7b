import * as imports from '~~/server/services/imports'
import { idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const ctx = await requireRole(event, 'member')
  return sendCsv(event, await imports.errorsCsv(ctx, id))
})
