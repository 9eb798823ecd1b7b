import { contactDocs } from '~~/server/openapi/crud'
import * as contacts from '~~/server/services/contacts'
import { contactCreate, duplicateQuery } from '~~/shared/schemas'
import { contactRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...contactDocs.create,
  access: 'member',
  idempotent: true,
  query: duplicateQuery,
  body: contactCreate,
  duplicates: 'A contact with the same email, the same phone number (compared in E.164; numbers without a country code are read as German, or in the country of the contact\'s company) or the same first and last name (in either order, ignoring case, accents and ä/ae, ß/ss spellings) exists.',
  example: { body: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada.lovelace@example.com', tags: ['newsletter'], companyId: '0190a1b2-0000-7000-8000-000000000002', ownerId: '0190a1b2-0000-7000-8000-000000000003' } },
  success: { status: 201, description: contactDocs.created, data: contactRecord },
}, ({ ctx, query, body }) => contacts.create(ctx, body, query))
