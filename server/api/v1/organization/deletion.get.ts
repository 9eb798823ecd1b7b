import * as deletion from '~~/server/services/privacy/org-deletion'

export default defineEventHandler(async (event) => {
  const ctx = await requireRole(event, 'viewer')
  return ok(await deletion.status(ctx))
})
