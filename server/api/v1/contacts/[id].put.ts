import { contactDocs } from '~~/server/openapi/crud'
import * as contacts from '~~/server/services/contacts'
import { contactUpdate, idParams } from '~~/shared/schemas'
import { contactRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...contactDocs.update,
  access: 'member',
  params: idParams,
  body: contactUpdate,
  example: { body: { position: 'Head of Sales', phone: '+49 30 1234567', companyId: '0190a1b2-0000-7000-8000-000000000002', ownerId: '0190a1b2-0000-7000-8000-000000000003' } },
  success: { description: 'The contact as it is now.', data: contactRecord },
}, ({ ctx, params, body }) => contacts.update(ctx, params.id, body))
