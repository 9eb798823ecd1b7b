import * as invitations from '~~/server/services/invitations'
import { invitationListQuery } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const query = validateQuery(event, invitationListQuery)
  const ctx = await requireUser(event, 'admin')
  const { data, meta } = await invitations.list(ctx, query)
  return ok(data, meta)
})
