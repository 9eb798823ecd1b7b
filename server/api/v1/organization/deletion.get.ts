import * as deletion from '~~/server/services/privacy/org-deletion'
import { organizationDeletion } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'getOrganizationDeletion',
  tag: 'Privacy',
  summary: 'The scheduled deletion of the organization, if any',
  access: 'viewer',
  success: { description: 'The schedule, or `scheduled: null`.', data: organizationDeletion },
}, ({ ctx }) => deletion.status(ctx))
