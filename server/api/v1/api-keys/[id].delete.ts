import * as apiKeys from '~~/server/services/api-keys'
import { idParams } from '~~/shared/schemas'
import { apiKey } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'revokeApiKey',
  tag: 'API keys',
  summary: 'Revoke an API key',
  description: 'The next request with the key answers 401. Revoking twice changes nothing.',
  access: { user: 'admin' },
  params: idParams,
  success: { description: 'The revoked key.', data: apiKey },
  errors: { 404: 'No such key in this organization.' },
}, ({ ctx, params }) => apiKeys.revoke(ctx, params.id))
