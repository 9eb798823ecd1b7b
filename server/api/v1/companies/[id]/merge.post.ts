import { mergeDocs } from '~~/server/openapi/merges'
import * as merges from '~~/server/services/merges'
import { companyMerge, idParams } from '~~/shared/schemas'
import { companyMergeResult } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...mergeDocs('company').merge,
  access: 'member',
  params: idParams,
  body: companyMerge,
  example: { body: { mergeIds: ['0190a1b2-0000-7000-8000-000000000002'], fields: { website: '0190a1b2-0000-7000-8000-000000000002' }, dryRun: true } },
  success: { description: 'The survivor as it is (or, on a dry run, would be) after the merge, the merge, and how many rows moved.', data: companyMergeResult },
}, ({ ctx, params, body }) => merges.merge(ctx, 'company', params.id, body))
