import { contactDocs } from '~~/server/openapi/crud'
import * as contacts from '~~/server/services/contacts'
import { idParams } from '~~/shared/schemas'
import { removed } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...contactDocs.remove,
  access: 'member',
  params: idParams,
  success: { description: 'Deleted.', data: removed },
}, ({ ctx, params }) => contacts.remove(ctx, params.id))
