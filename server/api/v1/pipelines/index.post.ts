import { pipelineDocs } from '~~/server/openapi/crud'
import * as pipelines from '~~/server/services/pipelines'
import { pipelineCreate } from '~~/shared/schemas'
import { pipelineRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...pipelineDocs.create,
  access: 'admin',
  idempotent: true,
  body: pipelineCreate,
  example: {
    body: {
      name: 'Renewals',
      stages: [
        { name: 'Up for renewal', probability: 50, kind: 'open' },
        { name: 'Renewed', probability: 100, kind: 'won' },
        { name: 'Churned', probability: 0, kind: 'lost' },
      ],
    },
  },
  success: { status: 201, description: pipelineDocs.created, data: pipelineRecord },
}, ({ ctx, body }) => pipelines.create(ctx, body))
