import * as organization from '~~/server/services/organization'
import { organizationUpdate } from '~~/shared/schemas'
import { organization as organizationRecord } from '~~/shared/schemas/responses'

// No example: the permission suite sends it to the demo organization, and any rename or
// setting would change it; without one it sends `{}`, which changes nothing.
export default defineApiRoute({
  operationId: 'updateOrganization',
  tag: 'Organization',
  summary: 'Rename or change settings',
  description: 'Fields not sent stay unchanged; `settings` is merged key by key.',
  access: { user: 'admin' },
  body: organizationUpdate,
  success: { description: 'The updated organization.', data: organizationRecord },
}, ({ ctx, body }) => organization.update(ctx, body))
