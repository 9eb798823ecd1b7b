import type { ActivityRecord, DealRecord } from '~~/shared/schemas/responses'
import type { NextStep } from '~/stores/ui'

/** What the offer reads of a deal: the record, or a board card. */
type OfferedDeal = Pick<DealRecord, 'id' | 'title' | 'status' | 'nextActivity'> & { contact: { id: string } | null, company: { id: string } | null }

/**
 * "Schedule the next activity": offered when an open deal is left without one, after one of
 * its activities is marked done or after it moves to another open stage (Pipedrive's habit;
 * the board flags such deals as "No next step"). Never for won or lost deals, never for
 * viewers, and not when the deal still has an open activity.
 */
export function useNextStep() {
  const ui = useUiStore()
  const canWrite = useCanWrite()

  function offer(deal: OfferedDeal, reason: NextStep['reason']) {
    if (!canWrite.value || deal.status !== 'open' || deal.nextActivity) return
    ui.nextStep = { deal: { id: deal.id, title: deal.title, contactId: deal.contact?.id ?? null, companyId: deal.company?.id ?? null }, reason }
  }

  /** After a move, with the deal as the server answered it. */
  function afterMove(deal: OfferedDeal, stage: string) {
    offer(deal, { kind: 'moved', stage })
  }

  /** After an activity was marked done: asks its deal, if it has one, whether a next step is left. */
  async function afterCompleted(activity: Pick<ActivityRecord, 'dealId' | 'subject'>) {
    if (!activity.dealId || !canWrite.value) return
    try {
      const deal = (await $api<DealRecord>(`/api/v1/deals/${activity.dealId}`)).data
      offer(deal, { kind: 'completed', subject: activity.subject })
    }
    catch {
      // Only an offer: a deal that cannot be read now is simply not asked about.
    }
  }

  return { afterMove, afterCompleted }
}
