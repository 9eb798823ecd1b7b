import { FOREIGN_SITE, INVITATION_GONE } from '~~/server/openapi/auth'
import { webClient } from '~~/server/openapi/components'
import * as invitations from '~~/server/services/invitations'
import { invitationAccept } from '~~/shared/schemas'
import { signedIn } from '~~/shared/schemas/responses'

// No sign-in: the token from the invitation mail is the credential; the answer signs the new member in.
export default defineApiRoute({
  operationId: 'acceptInvitation',
  tag: 'Invitations',
  summary: 'Accept an invitation and create the account',
  description: 'Creates the account with the invited email, role and language, and signs the new member in. A token works once.',
  parameters: [webClient],
  access: 'public',
  body: invitationAccept,
  example: { body: { token: 'inv_Hc4mT8wQ1zKb6yRn0pXe3sLd9vJa5uGf2oNiYq7BtCk', name: 'Ada Lovelace', password: 'violet-harbor-lantern-42' } },
  success: { status: 201, description: 'Account created and signed in.', data: signedIn },
  errors: {
    403: FOREIGN_SITE,
    404: INVITATION_GONE,
    409: 'This email address already has an account.',
  },
}, async ({ event, body }) => deliverSession(event, await invitations.accept(body, sessionClient(event))))
