import * as retention from '~~/server/services/privacy/retention'
import { retentionRunCreate } from '~~/shared/schemas'
import { retentionRunResult } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'runRetentionRule',
  tag: 'Privacy',
  summary: 'Run a retention rule now, dry or real',
  description: 'A dry run lists what the rule would erase or delete and changes nothing; a real run does it. Both are recorded.',
  access: { user: 'admin' },
  body: retentionRunCreate,
  // A dry run: it lists and changes nothing.
  example: { body: { kind: 'activities_completed', dryRun: true } },
  success: { status: 201, description: 'The recorded run and the records concerned.', data: retentionRunResult },
  errors: { 404: 'No rule of this kind.' },
}, ({ ctx, body }) => retention.runRule(ctx, body))
