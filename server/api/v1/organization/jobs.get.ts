import { jobHealth } from '~~/shared/schemas/responses'
import { organizationJobHealth } from '~~/server/services/jobs'

export default defineApiRoute({
  operationId: 'getOrganizationJobHealth',
  tag: 'Organization',
  summary: 'Background jobs that failed',
  description: 'Reminders, mail deliveries and other background work of this organization are retried with backoff; what still failed after every retry is counted here, with the last errors.',
  access: 'admin',
  success: { description: 'The count and the newest failures.', data: jobHealth },
}, ({ ctx }) => organizationJobHealth(ctx))
