import { contactDocs } from '~~/server/openapi/crud'
import * as contacts from '~~/server/services/contacts'
import { contactRecord, idParams } from '~~/shared/schemas'

export default defineApiRoute({
  ...contactDocs.get,
  access: 'viewer',
  params: idParams,
  success: { description: 'The contact.', data: contactRecord },
}, ({ ctx, params }) => contacts.get(ctx, params.id))
