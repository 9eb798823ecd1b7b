import * as deletion from '~~/server/services/privacy/org-deletion'

export default defineEventHandler(async (event) => {
  const ctx = await requireUser(event, 'owner')
  return ok(await deletion.cancel(ctx))
})
