import * as consents from '~~/server/services/privacy/consents'
import { idParams } from '~~/shared/schemas'
import { consentRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'listContactConsents',
  tag: 'Privacy',
  summary: 'A contact\'s consent ledger',
  description: 'Oldest first; for each purpose the latest entry holds.',
  access: 'viewer',
  params: idParams,
  success: { description: 'Every entry.', data: consentRecord.array() },
  errors: { 404: 'No such contact in this organization.' },
}, ({ ctx, params }) => consents.list(ctx, params.id))
