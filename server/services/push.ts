import { and, eq, inArray, sql } from 'drizzle-orm'
import { notifications, organizations, pushSubscriptions, users } from '../../drizzle/schema'
import type { Locale } from '../../shared/domain'
import type { PushSubscriptionCreate, PushSubscriptionDelete } from '../../shared/schemas'
import { notificationSummary } from '../mail/templates'
import type { TenantContext } from '../utils/tenant'
import { notFound, validationError } from '../utils/api'
import { pushEndpointAllowed, sendPush, vapidKeys, type PushOutcome } from '../utils/push'
import { withTenant } from '../utils/tenant'
import { recordPath } from '../../shared/notification-links'
import { notificationValues } from './notifications'

const PUSH_ATTEMPTS = 3

/** Push subscriptions belong to a person: an API key has none. */
function personOf(ctx: TenantContext): string {
  if (!ctx.userId) throw notFound('Push subscription')
  return ctx.userId
}

export function publicKey(): { publicKey: string | null } {
  return { publicKey: vapidKeys()?.publicKey ?? null }
}

/**
 * Subscribes the caller's device. The endpoint is the device: subscribing it again updates
 * its keys and makes it the caller's, taking it from whoever had it (here or in another
 * organization, where the same browser was signed in before).
 */
export async function subscribe(ctx: TenantContext, input: PushSubscriptionCreate): Promise<{ id: string }> {
  const userId = personOf(ctx)
  if (!pushEndpointAllowed(input.endpoint)) throw validationError('Invalid push subscription', [{ path: 'endpoint', message: 'must be an https URL of a public host' }])
  return withTenant(ctx, async (tx) => {
    await tx.execute(sql`select push_subscription_release(${input.endpoint}, ${ctx.orgId}::uuid)`)
    const values = { p256dh: input.keys.p256dh, auth: input.keys.auth, userAgent: ctx.userAgent?.slice(0, 500) ?? null }
    const [row] = await tx.insert(pushSubscriptions).values({ orgId: ctx.orgId, userId, endpoint: input.endpoint, ...values })
      .onConflictDoUpdate({ target: pushSubscriptions.endpoint, set: { ...values, userId, createdAt: sql`now()`, lastSuccessAt: null } })
      .returning({ id: pushSubscriptions.id })
    return { id: row!.id }
  })
}

/** Unsubscribes one of the caller's devices; anyone else's endpoint answers 404. */
export async function unsubscribe(ctx: TenantContext, input: PushSubscriptionDelete): Promise<{ id: string }> {
  const userId = personOf(ctx)
  return withTenant(ctx, async (tx) => {
    const [row] = await tx.delete(pushSubscriptions)
      .where(and(eq(pushSubscriptions.orgId, ctx.orgId), eq(pushSubscriptions.userId, userId), eq(pushSubscriptions.endpoint, input.endpoint)))
      .returning({ id: pushSubscriptions.id })
    if (!row) throw notFound('Push subscription')
    return row
  })
}

/** A failed attempt already counted: the job retries without counting it again. */
class PushAttemptFailed extends Error {}

/**
 * Sends one notification to each of its recipient's devices. A device the push service
 * says is gone (404/410) is forgotten. Sent to at least one: `sent`. None reached and some
 * failed: the attempt is counted and the job retries; after the third, `failed`. No device
 * left at all: `failed` at once, there is nowhere to retry.
 */
export async function deliverPush(ctx: TenantContext, notificationId: string): Promise<void> {
  const which = and(eq(notifications.orgId, ctx.orgId), eq(notifications.id, notificationId))
  try {
    const failure = await withTenant(ctx, async (tx) => {
      const [row] = await tx.select({
        userId: notifications.userId, kind: notifications.kind, data: notifications.data, recordType: notifications.recordType, recordId: notifications.recordId,
        name: users.name, locale: users.locale, organization: organizations.name, userZone: users.timeZone, organizationZone: organizations.timeZone,
      }).from(notifications)
        .innerJoin(users, and(eq(users.orgId, notifications.orgId), eq(users.id, notifications.userId)))
        .innerJoin(organizations, eq(organizations.id, notifications.orgId))
        .where(and(which, eq(notifications.pushState, 'pending')))
        .for('update', { of: notifications })
      if (!row) return null
      const devices = await tx.select().from(pushSubscriptions)
        .where(and(eq(pushSubscriptions.orgId, ctx.orgId), eq(pushSubscriptions.userId, row.userId)))
      const message = { ...notificationSummary(row.locale as Locale, notificationValues(row)), url: recordPath(row.recordType, row.recordId), tag: notificationId }
      const outcomes = await Promise.all(devices.map(device => sendPush(device, message, { urgent: row.kind === 'reminder' })
        .catch((error: unknown): Error => (error instanceof Error ? error : new Error(String(error))))))
      const ids = (wanted: PushOutcome) => devices.filter((_, i) => outcomes[i] === wanted).map(d => d.id)
      const gone = ids('gone')
      const sent = ids('sent')
      if (gone.length) await tx.delete(pushSubscriptions).where(and(eq(pushSubscriptions.orgId, ctx.orgId), inArray(pushSubscriptions.id, gone)))
      if (sent.length) await tx.update(pushSubscriptions).set({ lastSuccessAt: sql`now()` }).where(and(eq(pushSubscriptions.orgId, ctx.orgId), inArray(pushSubscriptions.id, sent)))
      const errors = outcomes.filter((o): o is Error => o instanceof Error)
      if (sent.length || !errors.length) {
        await tx.update(notifications).set({ pushState: sent.length ? 'sent' : 'failed', pushAttempts: sql`${notifications.pushAttempts} + 1` }).where(which)
        return null
      }
      await tx.update(notifications).set({
        pushAttempts: sql`${notifications.pushAttempts} + 1`,
        pushState: sql`case when ${notifications.pushAttempts} + 1 >= ${PUSH_ATTEMPTS} then 'failed' else ${notifications.pushState} end`,
      }).where(which)
      return new PushAttemptFailed(errors[0]!.message)
    })
    if (failure) throw failure
  }
  catch (error) {
    if (!(error instanceof PushAttemptFailed)) {
      await withTenant(ctx, tx => tx.update(notifications).set({
        pushAttempts: sql`${notifications.pushAttempts} + 1`,
        pushState: sql`case when ${notifications.pushAttempts} + 1 >= ${PUSH_ATTEMPTS} then 'failed' else ${notifications.pushState} end`,
      }).where(and(which, eq(notifications.pushState, 'pending'))))
    }
    throw error
  }
}
