import * as retention from '~~/server/services/privacy/retention'

export default defineEventHandler(async (event) => {
  const ctx = await requireRole(event, 'admin')
  return ok(await retention.listRules(ctx))
})
