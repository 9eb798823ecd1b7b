import { listErasures } from '~~/server/services/privacy/erasure'
import { erasureRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'listErasures',
  tag: 'Privacy',
  summary: 'The erasure log',
  description: 'The latest 100 erasures, newest first.',
  access: 'admin',
  success: { description: 'Erasure records.', data: erasureRecord.array() },
}, ({ ctx }) => listErasures(ctx))
