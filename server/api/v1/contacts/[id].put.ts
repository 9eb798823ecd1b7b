import { contactDocs } from '~~/server/openapi/crud'
import * as contacts from '~~/server/services/contacts'
import { contactUpdate, duplicateQuery, idParams } from '~~/shared/schemas'
import { contactRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...contactDocs.update,
  access: 'member',
  params: idParams,
  query: duplicateQuery,
  body: contactUpdate,
  duplicates: 'After the change, a contact with the same email, the same phone number (compared in E.164; numbers without a country code are read as German, or in the country of the contact\'s company) or the same first and last name (in either order, ignoring case, accents and ä/ae, ß/ss spellings) exists. Only a changed email, phone or name is compared.',
  example: { body: { position: 'Head of Sales', phone: '+49 30 1234567', companyId: '0190a1b2-0000-7000-8000-000000000002', ownerId: '0190a1b2-0000-7000-8000-000000000003' } },
  success: { description: 'The contact as it is now.', data: contactRecord },
}, ({ ctx, params, query, body }) => contacts.update(ctx, params.id, body, query))
