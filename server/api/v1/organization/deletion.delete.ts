import * as deletion from '~~/server/services/privacy/org-deletion'
import { organizationDeletion } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'cancelOrganizationDeletion',
  tag: 'Privacy',
  summary: 'Cancel the scheduled deletion',
  access: { user: 'owner' },
  success: { description: 'Canceled.', data: organizationDeletion },
  errors: { 404: 'No deletion is scheduled.' },
}, ({ ctx }) => deletion.cancel(ctx))
