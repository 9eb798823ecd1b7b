import * as dashboard from '~~/server/services/dashboard'

export default defineEventHandler(async (event) => {
  const ctx = await requireRole(event, 'viewer')
  return ok(await dashboard.summary(ctx))
})
