import * as contacts from '~~/server/services/contacts'
import { contactBulk } from '~~/shared/schemas'
import { contactBulkResult } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'bulkContacts',
  tag: 'Contacts',
  summary: 'Change or delete many contacts at once',
  description: 'One `action` over up to 100 contacts (`ids`, repeats count once): `assign_owner` (`ownerId`, null to clear), `add_tag` / `remove_tag` (`tag`), or `delete` (deals and activities keep their data and lose the link). All or nothing: if an id names no contact of your organization, nothing changes and the 404 lists each such id in `details` (`ids.<index>`). Each contact that changes gets its own audit entry; `changed` counts them.',
  access: 'member',
  idempotent: true,
  body: contactBulk,
  example: { body: { action: 'add_tag', ids: ['0190a1b2-0000-7000-8000-000000000001'], tag: 'trade-fair-2026' } },
  success: { description: 'The contacts processed and how many changed.', data: contactBulkResult },
  errors: { 400: 'Invalid input, or `ownerId` names no member of this organization.', 404: 'Some ids name no contact of this organization (listed in `details`); nothing was changed.' },
}, ({ ctx, body }) => contacts.bulk(ctx, body))
