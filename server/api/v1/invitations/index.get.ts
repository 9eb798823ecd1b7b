import { listQueryParams } from '~~/server/openapi/components'
import * as invitations from '~~/server/services/invitations'
import { invitationListQuery } from '~~/shared/schemas'
import { pendingInvitation } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'listInvitations',
  tag: 'Invitations',
  summary: 'List pending invitations',
  description: 'Newest first.',
  access: { user: 'admin' },
  query: listQueryParams(invitationListQuery),
  success: { description: 'One page of pending invitations.', list: pendingInvitation },
}, ({ ctx, query }) => invitations.list(ctx, query))
