import * as invitations from '~~/server/services/invitations'
import { invitationLookup } from '~~/shared/schemas'

// No sign-in: the accept page shows whom the invitation is for before the account exists.
export default defineEventHandler(async (event) => {
  const { token } = validateQuery(event, invitationLookup)
  return ok(await invitations.preview(token))
})
