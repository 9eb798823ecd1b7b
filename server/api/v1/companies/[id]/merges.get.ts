import { mergeDocs } from '~~/server/openapi/merges'
import * as merges from '~~/server/services/merges'
import { idParams } from '~~/shared/schemas'
import { mergeRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...mergeDocs('company').list,
  access: 'viewer',
  params: idParams,
  success: { description: 'The merges, newest first.', data: mergeRecord.array() },
}, ({ ctx, params }) => merges.mergesInto(ctx, 'company', params.id))
