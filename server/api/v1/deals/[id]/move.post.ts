import * as deals from '~~/server/services/deals'
import { dealMove, idParams } from '~~/shared/schemas'
import { dealRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'moveDeal',
  tag: 'Deals',
  summary: 'Move a deal to another stage',
  description: 'Within the deal\'s pipeline. The status follows the stage\'s kind (`open`, `won`, `lost`); `closedAt` is set when the deal closes and cleared when it reopens. The move is recorded in the stage history and in the audit log. Moving to the current stage changes nothing.',
  access: 'member',
  idempotent: true,
  params: idParams,
  body: dealMove,
  example: { body: { stageId: '0190a1b2-0000-7000-8000-000000000002' } },
  success: { description: 'The deal as it is now.', data: dealRecord },
  errors: { 400: '`stageId` is not a stage of the deal\'s pipeline.', 404: 'No deal with this id in your organization.' },
}, ({ ctx, params, body }) => deals.move(ctx, params.id, body))
