import * as invitations from '~~/server/services/invitations'
import { invitationAccept } from '~~/shared/schemas'

// No sign-in: the token from the invitation mail is the credential; the answer signs the new member in.
export default defineEventHandler(async (event) => {
  const input = await validateBody(event, invitationAccept)
  return created(event, deliverSession(event, await invitations.accept(input, sessionClient(event))))
})
