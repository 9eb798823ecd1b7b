import * as consents from '~~/server/services/privacy/consents'
import { consentCreate, idParams } from '~~/shared/schemas'
import { consentRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'recordContactConsent',
  tag: 'Privacy',
  summary: 'Record a consent given or withdrawn',
  description: 'Appends to the ledger; entries are never changed or deleted (only an erasure removes them).',
  access: 'member',
  params: idParams,
  body: consentCreate,
  idempotent: true,
  example: { body: { purpose: 'Newsletter', status: 'granted', source: 'Web form' } },
  success: { status: 201, description: 'The new entry.', data: consentRecord },
  errors: { 404: 'No such contact in this organization.' },
}, ({ ctx, params, body }) => consents.create(ctx, params.id, body))
