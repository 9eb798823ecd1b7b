import type { PageState } from '../../shared/page-state'
import { withTenant, type TenantContext } from '../utils/tenant'
import { sessionAnswer, sessionOf } from './auth'
import { unreadIn } from './notifications'
import { statusIn } from './privacy/org-deletion'

/**
 * What every signed-in page shows around its content — the person and organization, the
 * bell's unread count, a scheduled deletion — read for a page request in one tenant
 * transaction, as the API answers each of them (`JSON` round trip: dates become text).
 * `null` when the identity is no person or the person is gone.
 */
export async function pageState(ctx: TenantContext): Promise<PageState | null> {
  const userId = ctx.actorType === 'user' ? ctx.userId : null
  if (!userId) return null
  const state = await withTenant(ctx, async (tx) => {
    const stored = await sessionOf(tx, ctx.orgId, userId)
    if (!stored) return null
    const session = sessionAnswer(stored, ctx)
    // Until a second factor the organization requires is set up, the session is all the API answers them.
    if (ctx.mfaEnrolmentDue) return { session }
    return { session, unread: await unreadIn(tx, ctx), deletion: await statusIn(tx, ctx) }
  })
  return state && JSON.parse(JSON.stringify(state)) as PageState
}
