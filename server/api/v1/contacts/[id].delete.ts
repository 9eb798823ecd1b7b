import { contactDocs } from '~~/server/openapi/crud'
import * as contacts from '~~/server/services/contacts'
import { deletedRecord, idParams } from '~~/shared/schemas'

export default defineApiRoute({
  ...contactDocs.remove,
  access: 'member',
  params: idParams,
  success: { description: 'Deleted.', data: deletedRecord },
}, ({ ctx, params }) => contacts.remove(ctx, params.id))
