import * as invitations from '~~/server/services/invitations'
import { invitationCreate } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const input = await validateBody(event, invitationCreate)
  const ctx = await requireUser(event, 'admin')
  return created(event, await invitations.create(ctx, input))
})
