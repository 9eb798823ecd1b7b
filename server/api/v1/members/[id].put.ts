import * as members from '~~/server/services/members'
import { idParams, memberUpdate } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const input = await validateBody(event, memberUpdate)
  const ctx = await requireUser(event, 'admin')
  return ok(await members.updateRole(ctx, id, input))
})
