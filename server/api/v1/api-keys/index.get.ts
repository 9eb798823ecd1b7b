import { listQueryParams } from '~~/server/openapi/components'
import * as apiKeys from '~~/server/services/api-keys'
import { apiKeyListQuery } from '~~/shared/schemas'
import { apiKeyListItem } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'listApiKeys',
  tag: 'API keys',
  summary: 'List API keys',
  description: 'Newest first; revoked keys only with `includeRevoked=true`.',
  access: { user: 'admin' },
  query: listQueryParams(apiKeyListQuery),
  success: { description: 'One page of keys (never the keys themselves).', list: apiKeyListItem },
}, ({ ctx, query }) => apiKeys.list(ctx, query))
