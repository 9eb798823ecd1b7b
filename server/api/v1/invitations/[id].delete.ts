import * as invitations from '~~/server/services/invitations'
import { idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const ctx = await requireUser(event, 'admin')
  return ok(await invitations.revoke(ctx, id))
})
