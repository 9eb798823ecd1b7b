import * as organization from '~~/server/services/organization'
import { organizationDelete } from '~~/shared/schemas'
import { removed } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'deleteOrganization',
  tag: 'Organization',
  summary: 'Delete the organization and all its data',
  description: 'Irreversible: every record, member, key and the audit trail go. The body repeats the organization\'s name as confirmation.',
  access: { user: 'owner' },
  body: organizationDelete,
  // Sent by the permission suite to the demo organization: a name no organization has, so it stops at the confirmation (400).
  example: { body: { confirmName: 'Not the organization name' } },
  success: { description: 'Deleted.', data: removed },
  errors: { 400: 'Invalid input, or `confirmName` does not match the organization\'s name.' },
}, ({ ctx, body }) => organization.remove(ctx, body))
