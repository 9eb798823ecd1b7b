import * as members from '~~/server/services/members'
import { idParams } from '~~/shared/schemas'
import { removed } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'removeMember',
  tag: 'Members',
  summary: 'Remove a member',
  description: 'Ends their sessions, leaves their records without owner and deletes the account. Admins cannot remove owners; the last owner stays.',
  access: { user: 'admin' },
  params: idParams,
  success: { description: 'Removed.', data: removed },
  errors: { 404: 'No such member in this organization.', 409: 'The organization needs at least one owner.' },
}, ({ ctx, params }) => members.remove(ctx, params.id))
