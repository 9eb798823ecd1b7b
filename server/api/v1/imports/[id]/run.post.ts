import * as imports from '~~/server/services/imports'
import { idParams, importActionBody } from '~~/shared/schemas'

// 202: the import runs in the background; GET /imports/:id shows its progress.
export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const ctx = await requireRole(event, 'member')
  await validateBody(event, importActionBody)
  const started = await imports.start(ctx, id, 'run')
  setResponseStatus(event, 202)
  return ok(started)
})
