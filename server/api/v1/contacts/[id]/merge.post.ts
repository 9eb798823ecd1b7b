import { mergeDocs } from '~~/server/openapi/merges'
import * as merges from '~~/server/services/merges'
import { contactMerge, idParams } from '~~/shared/schemas'
import { contactMergeResult } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...mergeDocs('contact').merge,
  access: 'member',
  params: idParams,
  body: contactMerge,
  example: { body: { mergeIds: ['0190a1b2-0000-7000-8000-000000000002'], fields: { email: '0190a1b2-0000-7000-8000-000000000002' } } },
  success: { description: 'The survivor as it is (or, on a dry run, would be) after the merge, the merge, and how many rows moved.', data: contactMergeResult },
}, ({ ctx, params, body }) => merges.merge(ctx, 'contact', params.id, body))
