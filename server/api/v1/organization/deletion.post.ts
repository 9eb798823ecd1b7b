import * as deletion from '~~/server/services/privacy/org-deletion'
import { organizationDeletionCreate } from '~~/shared/schemas'
import { organizationDeletion } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'scheduleOrganizationDeletion',
  tag: 'Privacy',
  summary: 'Schedule the deletion of the organization',
  description: 'All data is deleted when the grace period (30 days unless configured) is over; until then the owner can download the export and cancel. Owners are emailed. The body repeats the organization\'s name.',
  access: { user: 'owner' },
  body: organizationDeletionCreate,
  // A name no organization has: the example is refused (400) and schedules nothing.
  example: { body: { confirmName: 'not the name of this organization' } },
  success: { status: 201, description: 'Scheduled.', data: organizationDeletion },
  errors: { 400: 'Invalid input, or `confirmName` does not match the organization\'s name.', 409: 'Already scheduled.' },
}, ({ ctx, body }) => deletion.schedule(ctx, body))
