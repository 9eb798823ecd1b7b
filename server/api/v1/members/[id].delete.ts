import * as members from '~~/server/services/members'
import { idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const ctx = await requireUser(event, 'admin')
  return ok(await members.remove(ctx, id))
})
