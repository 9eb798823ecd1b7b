import * as members from '~~/server/services/members'
import { idParams, memberUpdate } from '~~/shared/schemas'
import { member } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'updateMemberRole',
  tag: 'Members',
  summary: 'Change a member\'s role',
  description: 'Only an owner grants or takes away `owner`. A change signs the member out everywhere, and withdraws invitations they sent that their new role no longer allows.',
  access: { user: 'admin' },
  params: idParams,
  body: memberUpdate,
  example: { body: { role: 'member' } },
  success: { description: 'The member with the new role.', data: member },
  errors: { 404: 'No such member in this organization.', 409: 'The organization needs at least one owner.' },
}, ({ ctx, params, body }) => members.updateRole(ctx, params.id, body))
