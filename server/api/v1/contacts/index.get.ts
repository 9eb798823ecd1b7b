import { contactDocs } from '~~/server/openapi/crud'
import { listQueryParams } from '~~/server/openapi/components'
import * as contacts from '~~/server/services/contacts'
import { CONTACT_SORT_FIELDS, contactListQuery } from '~~/shared/schemas'
import { contactRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...contactDocs.list,
  access: 'viewer',
  query: listQueryParams(contactListQuery, { sortFields: CONTACT_SORT_FIELDS, search: contactDocs.search }),
  success: { description: 'One page of contacts.', list: contactRecord },
}, ({ ctx, query }) => contacts.list(ctx, query))
