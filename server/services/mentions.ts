import { mentionedIds } from '../../shared/mentions'
import type { TenantContext, Transaction } from '../utils/tenant'
import { notify, type NewNotification } from './notifications'

interface Mentioning {
  note: string | null
  /** The note before this change: only people it did not mention yet are notified. */
  previous: string | null
  recordType: NonNullable<NewNotification['recordType']>
  recordId: string
  title: string
}

/** Notifies the people a note newly mentions; ids that name nobody of this organization notify no one. */
export async function notifyMentions(tx: Transaction, ctx: TenantContext, m: Mentioning): Promise<void> {
  const before = new Set(mentionedIds(m.previous))
  const fresh = mentionedIds(m.note).filter(id => !before.has(id))
  if (!fresh.length) return
  await notify(tx, ctx, fresh.map(userId => ({ userId, kind: 'mention', recordType: m.recordType, recordId: m.recordId, data: { title: m.title } })))
}
