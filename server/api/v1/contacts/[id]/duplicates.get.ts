import { contactDocs } from '~~/server/openapi/crud'
import * as duplicates from '~~/server/services/duplicates'
import { idParams } from '~~/shared/schemas'
import { duplicateCandidate } from '~~/shared/schemas/responses'
import { z } from 'zod'

export default defineApiRoute({
  operationId: 'listContactDuplicates',
  tag: 'Contacts',
  summary: 'Likely duplicates of a contact',
  description: 'Other contacts of your organization with the same email, phone number (E.164) or first and last name (in either order, ignoring case, accents and ä/ae, ß/ss spellings), best first (at most 10). A name match counts for more at the same company. Empty when there are none.',
  access: 'viewer',
  params: idParams,
  errors: { 404: contactDocs.notFound },
  success: { description: 'The candidates, best first.', data: z.array(duplicateCandidate) },
}, ({ ctx, params }) => duplicates.ofContact(ctx, params.id))
