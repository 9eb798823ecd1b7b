import { INVITATION_GONE } from '~~/server/openapi/auth'
import * as invitations from '~~/server/services/invitations'
import { invitationLookup } from '~~/shared/schemas'
import { invitationPreview } from '~~/shared/schemas/responses'

// No sign-in: the accept page shows whom the invitation is for before the account exists.
export default defineApiRoute({
  operationId: 'getInvitation',
  tag: 'Invitations',
  summary: 'Look up an invitation by its token',
  description: 'What the accept page shows before the account exists: organization, email and role.',
  access: 'public',
  query: invitationLookup,
  example: { query: { token: 'inv_Hc4mT8wQ1zKb6yRn0pXe3sLd9vJa5uGf2oNiYq7BtCk' } },
  success: { description: 'The pending invitation.', data: invitationPreview },
  errors: { 404: INVITATION_GONE },
}, ({ query }) => invitations.preview(query.token))
