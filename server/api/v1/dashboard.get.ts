import * as dashboard from '~~/server/services/dashboard'
import { dashboard as dashboardSummary } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'getDashboard',
  tag: 'Dashboard',
  summary: 'Key figures for the start page',
  access: 'viewer',
  success: { description: 'Counts, pipeline value, results of the month and due tasks.', data: dashboardSummary },
}, ({ ctx }) => dashboard.summary(ctx))
