import * as invitations from '~~/server/services/invitations'
import { idParams } from '~~/shared/schemas'
import { revokedInvitation } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'revokeInvitation',
  tag: 'Invitations',
  summary: 'Withdraw an invitation',
  description: 'Its link stops working. Withdrawing twice changes nothing.',
  access: { user: 'admin' },
  params: idParams,
  success: { description: 'The withdrawn invitation.', data: revokedInvitation },
  errors: { 404: 'No such invitation in this organization.', 409: 'The invitation has already been accepted.' },
}, ({ ctx, params }) => invitations.revoke(ctx, params.id))
