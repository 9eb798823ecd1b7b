import { mergeDocs } from '~~/server/openapi/merges'
import * as merges from '~~/server/services/merges'
import { mergeParams } from '~~/shared/schemas'
import { mergeUndoResult } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...mergeDocs('company').undo,
  access: 'member',
  params: mergeParams,
  success: { description: 'The merge, now undone, the restored ids and how many rows went back.', data: mergeUndoResult },
}, ({ ctx, params }) => merges.undo(ctx, 'company', params.mergeId))
