import * as organization from '~~/server/services/organization'

export default defineEventHandler(async (event) => {
  const ctx = await requireRole(event, 'viewer')
  return ok(await organization.get(ctx))
})
