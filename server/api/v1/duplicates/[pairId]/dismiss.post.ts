import * as scan from '~~/server/services/duplicate-scan'
import { duplicatePairParams } from '~~/shared/schemas'
import { duplicatePairDismissed } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'dismissDuplicatePair',
  tag: 'Duplicates',
  summary: 'Mark a pair as not a duplicate',
  description: 'The pair is not listed again, however often its records are scanned, as long as both exist. Dismissing a dismissed pair answers the same. Audited as `duplicate.dismiss`.',
  access: 'member',
  params: duplicatePairParams,
  errors: { 404: 'No pair with this id exists in your organization.' },
  success: { description: 'The pair, dismissed.', data: duplicatePairDismissed },
}, ({ ctx, params }) => scan.dismissPair(ctx, params.pairId))
