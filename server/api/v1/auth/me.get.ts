import * as auth from '~~/server/services/auth'

export default defineEventHandler(async (event) => {
  const ctx = await requireAuth(event)
  return ok(await auth.me(ctx))
})
