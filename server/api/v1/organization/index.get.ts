import * as organization from '~~/server/services/organization'
import { organization as organizationRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'getOrganization',
  tag: 'Organization',
  summary: 'The caller\'s organization',
  access: 'viewer',
  success: { description: 'Name and settings.', data: organizationRecord },
}, ({ ctx }) => organization.get(ctx))
