import { and, eq, lte, sql } from 'drizzle-orm'
import {
  activities, apiKeys, companies, contacts, deals, invitations, organizationDeletions, organizations, passwordResets, pipelines,
  refreshTokens, users,
} from '../../../drizzle/schema'
import { DEFAULT_DELETION_GRACE_DAYS, type OrganizationDeletionCreate } from '../../../shared/schemas'
import { conflict, notFound, validationError } from '../../utils/api'
import { recordAudit } from '../../utils/audit'
import { appUrlFor } from '../../utils/env'
import { loggable } from '../../utils/error-envelope'
import { sendMail } from '../../utils/mail'
import { withTenant, type Transaction, type TenantContext } from '../../utils/tenant'

/** Days between scheduling and deleting (PULSE_ORG_DELETION_GRACE_DAYS; tests set 0). */
export function graceDays(): number {
  const raw = process.env.PULSE_ORG_DELETION_GRACE_DAYS
  const days = raw === undefined || raw === '' ? DEFAULT_DELETION_GRACE_DAYS : Number(raw)
  return Number.isFinite(days) && days >= 0 ? days : DEFAULT_DELETION_GRACE_DAYS
}

async function scheduled(tx: Transaction, orgId: string) {
  const [row] = await tx.select({
    requestedAt: organizationDeletions.requestedAt,
    executeAfter: organizationDeletions.executeAfter,
    requestedById: organizationDeletions.requestedBy,
    requestedByName: users.name,
  }).from(organizationDeletions)
    .leftJoin(users, and(eq(users.orgId, orgId), eq(users.id, organizationDeletions.requestedBy)))
    .where(eq(organizationDeletions.orgId, orgId))
  if (!row) return null
  const { requestedById, requestedByName, ...rest } = row
  return { ...rest, requestedBy: requestedById && requestedByName !== null ? { id: requestedById, name: requestedByName } : null }
}

/** The scheduled deletion, or `null` (any member may see it: the app shows a banner). */
export async function status(ctx: TenantContext) {
  return withTenant(ctx, tx => statusIn(tx, ctx))
}

/** `status` inside a transaction the caller holds. */
export async function statusIn(tx: Transaction, ctx: TenantContext) {
  return { scheduled: await scheduled(tx, ctx.orgId), graceDays: graceDays() }
}

/**
 * Schedules the deletion of the organization (owner only) after the grace period; the
 * confirmation repeats its name. Every owner is mailed the date and a link to the page
 * with the final export and the cancel button.
 */
export async function schedule(ctx: TenantContext & { userId: string }, input: OrganizationDeletionCreate) {
  const result = await withTenant(ctx, async (tx) => {
    const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, ctx.orgId))
    if (!org) throw notFound('Organization')
    if (input.confirmName !== org.name) {
      throw validationError('Invalid request body', [{ path: 'confirmName', message: 'does not match the organization\'s name' }])
    }
    const executeAfter = new Date(Date.now() + graceDays() * 86_400_000)
    const [row] = await tx.insert(organizationDeletions)
      .values({ orgId: ctx.orgId, requestedBy: ctx.userId, executeAfter })
      .onConflictDoNothing()
      .returning({ orgId: organizationDeletions.orgId })
    if (!row) throw conflict('The deletion of this organization is already scheduled')
    await recordAudit(tx, ctx, {
      action: 'organization.deletion_schedule', entity: 'organization', entityId: ctx.orgId,
      changes: { executeAfter: { from: null, to: executeAfter.toISOString() } },
    })
    const owners = await tx.select({ email: users.email, locale: users.locale }).from(users)
      .where(and(eq(users.orgId, ctx.orgId), eq(users.role, 'owner')))
    return { name: org.name, executeAfter, owners, scheduled: await scheduled(tx, ctx.orgId) }
  })
  const link = new URL('/settings/privacy', appUrlFor(ctx)).href
  for (const owner of result.owners) {
    const date = result.executeAfter.toLocaleDateString(owner.locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Berlin' })
    // The schedule stands even if a mail fails; the banner in the app says the same.
    await sendMail({ to: owner.email, locale: owner.locale, template: 'organization_deletion', data: { organization: result.name, date, link } })
      .catch(error => console.error('[privacy] deletion notice not sent:', loggable(error)))
  }
  return { scheduled: result.scheduled, graceDays: graceDays() }
}

/** Cancels a scheduled deletion (owner only); 404 when none is scheduled. */
export async function cancel(ctx: TenantContext) {
  return withTenant(ctx, async (tx) => {
    const [row] = await tx.delete(organizationDeletions).where(eq(organizationDeletions.orgId, ctx.orgId))
      .returning({ executeAfter: organizationDeletions.executeAfter })
    if (!row) throw notFound('Scheduled deletion')
    await recordAudit(tx, ctx, {
      action: 'organization.deletion_cancel', entity: 'organization', entityId: ctx.orgId,
      changes: { executeAfter: { from: row.executeAfter.toISOString(), to: null } },
    })
    return { scheduled: null, graceDays: graceDays() }
  })
}

/**
 * Deletes everything of an organization whose grace period is over, in one transaction
 * (the scheduled task). Re-checks the schedule under lock, so a cancel that came first wins.
 * Rows that reference each other go children first; the organization row's cascade takes
 * the rest (audit trail, consents, counters and every other tenant table).
 */
export async function executeDue(orgId: string): Promise<boolean> {
  const deleted = await withTenant({ orgId }, async (tx) => {
    const [due] = await tx.select({ orgId: organizationDeletions.orgId }).from(organizationDeletions)
      .where(and(eq(organizationDeletions.orgId, orgId), lte(organizationDeletions.executeAfter, sql`now()`)))
      .for('update')
    if (!due) return false
    for (const table of [activities, deals, contacts, companies, pipelines, refreshTokens, passwordResets, invitations, apiKeys, users]) {
      await tx.delete(table).where(eq(table.orgId, orgId))
    }
    await tx.delete(organizations).where(eq(organizations.id, orgId))
    return true
  })
  // Its audit trail went with it: the operator's log is the one record left.
  if (deleted) console.info(`[privacy] organization ${orgId} deleted with all its data after its grace period`)
  return deleted
}
