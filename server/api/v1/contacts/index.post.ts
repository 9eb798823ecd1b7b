import { contactDocs } from '~~/server/openapi/crud'
import * as contacts from '~~/server/services/contacts'
import { contactCreate } from '~~/shared/schemas'
import { contactRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...contactDocs.create,
  access: 'member',
  idempotent: true,
  body: contactCreate,
  example: { body: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada.lovelace@example.com', tags: ['newsletter'], companyId: '0190a1b2-0000-7000-8000-000000000002', ownerId: '0190a1b2-0000-7000-8000-000000000003' } },
  success: { status: 201, description: contactDocs.created, data: contactRecord },
}, ({ ctx, body }) => contacts.create(ctx, body))
