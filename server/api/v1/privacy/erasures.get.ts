import { listErasures } from '~~/server/services/privacy/erasure'

export default defineEventHandler(async (event) => {
  const ctx = await requireRole(event, 'admin')
  return ok(await listErasures(ctx))
})
