import * as apiKeys from '~~/server/services/api-keys'
import { apiKeyCreate } from '~~/shared/schemas'
import { createdApiKey } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'createApiKey',
  tag: 'API keys',
  summary: 'Create an API key',
  description: 'The answer is the only time the key is shown; the server keeps a hash.',
  access: { user: 'admin' },
  body: apiKeyCreate,
  example: { body: { name: 'Reporting export', scope: 'read' } },
  success: { status: 201, description: 'The new key.', data: createdApiKey },
}, ({ ctx, body }) => apiKeys.create(ctx, body))
