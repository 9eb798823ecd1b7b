import { listQueryParams } from '~~/server/openapi/components'
import * as scan from '~~/server/services/duplicate-scan'
import { duplicatePairListQuery } from '~~/shared/schemas'
import { duplicatePair } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'listDuplicatePairs',
  tag: 'Duplicates',
  summary: 'Likely duplicate pairs',
  description: 'Pairs of contacts or companies of your organization that look like the same person or company, found in the background and kept current as records change (newest first). Each pair has a score from 0 to 1, the rules that matched and both records. Pairs dismissed as "not a duplicate" and pairs whose record was deleted are not listed.',
  access: 'viewer',
  query: listQueryParams(duplicatePairListQuery),
  example: { query: { kind: 'contact' } },
  success: { description: 'One page of pairs.', list: duplicatePair },
}, ({ ctx, query }) => scan.listPairs(ctx, query))
