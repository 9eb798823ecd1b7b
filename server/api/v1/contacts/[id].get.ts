import { contactDocs } from '~~/server/openapi/crud'
import * as contacts from '~~/server/services/contacts'
import { idParams } from '~~/shared/schemas'
import { contactRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...contactDocs.get,
  access: 'viewer',
  params: idParams,
  success: { description: 'The contact.', data: contactRecord },
}, ({ ctx, params }) => contacts.get(ctx, params.id))
