import * as invitations from '~~/server/services/invitations'
import { invitationCreate } from '~~/shared/schemas'
import { invitation } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'createInvitation',
  tag: 'Invitations',
  summary: 'Invite someone by email',
  description: 'Mails a link valid for seven days, in `locale` or the organization\'s default language. Only an owner invites an owner.',
  access: { user: 'admin' },
  body: invitationCreate,
  // Sent by the permission suite too: the first allowed caller invites this address, the
  // others find it pending (409); nobody can accept without the mailed token.
  example: { body: { email: 'new.colleague@example.com', role: 'member', locale: 'en' } },
  success: { status: 201, description: 'Invitation sent.', data: invitation },
  errors: {
    409: 'The address belongs to a member of this organization, or has a pending invitation here. An address with an account in another organization is answered like any other (that person is told by mail that it cannot join).',
    429: 'Too many requests, or more than 50 invitations in the last hour (`Retry-After` says when the next may go).',
  },
}, ({ ctx, body }) => invitations.create(ctx, body))
