import type { TenantContext } from '../utils/tenant'
import { failedJobCounts, failedJobs } from '../utils/jobs'

/** This organization's failed background jobs of the last 7 days: what an admin sees in settings. */
export async function organizationJobHealth(ctx: TenantContext) {
  const [counts, recent] = await Promise.all([failedJobCounts(ctx.orgId), failedJobs({ orgId: ctx.orgId, days: 7, limit: 20 })])
  return {
    failedCount: Object.values(counts).reduce((sum, n) => sum + n, 0),
    recent: recent.map(job => ({ ...job, failedAt: job.failedAt.toISOString() })),
  }
}
