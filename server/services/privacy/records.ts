import { and, eq } from 'drizzle-orm'
import { contacts } from '../../../drizzle/schema'
import { recordGone } from '../merge-trail'
import type { Transaction } from '../../utils/tenant'

/** 404 unless the contact exists in the organization; `lock` holds it until the transaction ends. */
export async function assertContact(tx: Transaction, orgId: string, id: string, lock = false): Promise<void> {
  const query = tx.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.orgId, orgId), eq(contacts.id, id)))
  const [row] = lock ? await query.for('share') : await query
  if (!row) throw await recordGone(tx, orgId, 'contact', id)
}
