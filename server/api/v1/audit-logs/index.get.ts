import { listQueryParams } from '~~/server/openapi/components'
import * as audit from '~~/server/services/audit-logs'
import { auditLogListQuery } from '~~/shared/schemas'
import { auditLogRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'listAuditLogs',
  tag: 'Audit log',
  summary: 'The organization\'s audit log',
  description: 'Newest first. `action` is a full `resource.verb` (e.g. `deal.move`) or a resource (`deal`) for all of its verbs; `from` is inclusive, `to` exclusive. Changes are `{ field: { from, to } }`.',
  access: 'admin',
  query: listQueryParams(auditLogListQuery),
  success: { description: 'One page of audit entries.', list: auditLogRecord },
}, ({ ctx, query }) => audit.list(ctx, query))
