import * as deals from '~~/server/services/deals'
import { idParams, pipelineTotalsQuery } from '~~/shared/schemas'
import { stageTotal } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'getPipelineTotals',
  tag: 'Pipelines',
  summary: 'Deal count and value per stage',
  description: 'Per stage and currency, over all of the pipeline\'s deals that match the filters (the same `ownerId` and `q` as the deal list), so a board column can show its total without loading every deal. Stages without matching deals are left out.',
  access: 'viewer',
  params: idParams,
  query: pipelineTotalsQuery,
  success: { description: 'One entry per stage and currency.', data: stageTotal.array() },
  errors: { 404: 'No pipeline with this id in your organization.' },
}, ({ ctx, params, query }) => deals.stageTotals(ctx, params.id, query))
