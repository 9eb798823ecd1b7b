import * as organization from '~~/server/services/organization'
import { organizationUpdate } from '~~/shared/schemas'
import { organization as organizationRecord } from '~~/shared/schemas/responses'

// No example: the permission suite sends it to the demo organization, and any rename or
// setting would change it; without one it sends `{}`, which changes nothing.
export default defineApiRoute({
  operationId: 'updateOrganization',
  tag: 'Organization',
  summary: 'Rename, change settings or the default time zone',
  description: 'Fields not sent stay unchanged; `settings` is merged key by key. `timeZone` (IANA) applies to members without a zone of their own; an unknown zone answers 400.',
  access: { user: 'admin' },
  body: organizationUpdate,
  success: { description: 'The updated organization.', data: organizationRecord },
}, ({ ctx, body }) => organization.update(ctx, body))
