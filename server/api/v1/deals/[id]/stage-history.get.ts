import * as deals from '~~/server/services/deals'
import { idParams } from '~~/shared/schemas'
import { stageHistoryEntry } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'getDealStageHistory',
  tag: 'Deals',
  summary: 'Stages a deal has been in',
  description: 'Newest first, with the time spent in each (`durationSeconds`, up to now for the current stage, whose `leftAt` is null).',
  access: 'viewer',
  params: idParams,
  success: { description: 'Every stay in a stage.', data: stageHistoryEntry.array() },
  errors: { 404: 'No deal with this id in your organization.' },
}, ({ ctx, params }) => deals.stageHistory(ctx, params.id))
