import { openDB, type DBSchema, type IDBPDatabase } from 'idb'
import type { ActivityRecord, CompanyRecord, ContactRecord, DealRecord } from '~~/shared/schemas/responses'
import type { SessionData } from './useSession'

/**
 * Offline reading (README, "Tablet app and offline reading"): the app keeps copies of the
 * last records the signed-in user opened, and of their tasks for today, in this browser's
 * IndexedDB, so the offline page can show them without a server. The service worker never
 * caches API answers. Everything is keyed by user and organization; the copies belong to
 * one person at a time: signing out wipes them, and so does another user signing in.
 */

export const OFFLINE_DB = 'pulse-offline'
/** How many records of each kind are kept: the most recently opened ones. */
export const OFFLINE_KEEP = 25

export type OfflineKind = 'contact' | 'company' | 'deal'
export interface OfflineData {
  contact: ContactRecord
  company: CompanyRecord & { contacts: Pick<ContactRecord, 'id' | 'firstName' | 'lastName' | 'position' | 'email' | 'phone'>[] }
  deal: DealRecord & { pipelineName: string | null }
}

export interface OfflineOwner { userId: string, orgId: string, name: string, organization: string, locale: 'de' | 'en' }
export interface OfflineRecord<K extends OfflineKind = OfflineKind> {
  /** `<userId>:<orgId>:<kind>:<id>` */
  key: string
  owner: string
  kind: K
  id: string
  savedAt: string
  data: OfflineData[K]
}
export interface OfflineTasks { owner: string, savedAt: string, items: ActivityRecord[] }

interface OfflineSchema extends DBSchema {
  meta: { key: 'owner', value: OfflineOwner }
  records: { key: string, value: OfflineRecord, indexes: { owner: string } }
  tasks: { key: string, value: OfflineTasks }
}

let opened: Promise<IDBPDatabase<OfflineSchema>> | null = null
function database(): Promise<IDBPDatabase<OfflineSchema>> {
  opened ??= openDB<OfflineSchema>(OFFLINE_DB, 1, {
    upgrade(db) {
      db.createObjectStore('meta')
      db.createObjectStore('records', { keyPath: 'key' }).createIndex('owner', 'owner')
      db.createObjectStore('tasks', { keyPath: 'owner' })
    },
  }).catch((error: unknown) => {
    opened = null
    throw error
  })
  return opened
}

const ownerKey = (owner: Pick<OfflineOwner, 'userId' | 'orgId'>) => `${owner.userId}:${owner.orgId}`

function ownerOf(session: SessionData): OfflineOwner {
  return { userId: session.user.id, orgId: session.organization.id, name: session.user.name, organization: session.organization.name, locale: session.user.locale }
}

/** A plain copy: IndexedDB cannot store Vue's reactive proxies. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

/** Removes every copy from this browser (sign-out, session ended, another user). */
export async function wipeOfflineRecords(): Promise<void> {
  const db = await database()
  const tx = db.transaction(['meta', 'records', 'tasks'], 'readwrite')
  await Promise.all([tx.objectStore('meta').clear(), tx.objectStore('records').clear(), tx.objectStore('tasks').clear(), tx.done])
}

/** Makes `session`'s user the owner of the copies, wiping another user's first. */
export async function claimOfflineRecords(session: SessionData): Promise<string> {
  const db = await database()
  const owner = ownerOf(session)
  const current = await db.get('meta', 'owner')
  if (current && ownerKey(current) !== ownerKey(owner)) await wipeOfflineRecords()
  await db.put('meta', owner, 'owner')
  return ownerKey(owner)
}

/** Keeps a copy of a record the user has just opened, and drops the oldest beyond OFFLINE_KEEP. */
export async function rememberOfflineRecord<K extends OfflineKind>(session: SessionData, kind: K, data: OfflineData[K]): Promise<void> {
  const owner = await claimOfflineRecords(session)
  const db = await database()
  const tx = db.transaction('records', 'readwrite')
  await tx.store.put({ key: `${owner}:${kind}:${data.id}`, owner, kind, id: data.id, savedAt: new Date().toISOString(), data: plain(data) })
  const same = (await tx.store.index('owner').getAll(owner)).filter(record => record.kind === kind)
  same.sort((a, b) => b.savedAt.localeCompare(a.savedAt))
  await Promise.all(same.slice(OFFLINE_KEEP).map(record => tx.store.delete(record.key)))
  await tx.done
}

/** Keeps a copy of the user's open tasks up to the end of today (overdue ones included). */
export async function rememberOfflineTasks(session: SessionData, items: ActivityRecord[]): Promise<void> {
  const owner = await claimOfflineRecords(session)
  await (await database()).put('tasks', { owner, savedAt: new Date().toISOString(), items: plain(items) })
}

export interface OfflineCopies {
  owner: OfflineOwner | null
  records: { [K in OfflineKind]: OfflineRecord<K>[] }
  tasks: OfflineTasks | null
}

/** The copies of the user who signed in last on this device (no one else's), newest first. */
export async function readOfflineRecords(): Promise<OfflineCopies> {
  const empty: OfflineCopies = { owner: null, records: { contact: [], company: [], deal: [] }, tasks: null }
  const db = await database()
  const owner = await db.get('meta', 'owner')
  if (!owner) return empty
  const key = ownerKey(owner)
  const all = (await db.getAllFromIndex('records', 'owner', key)).sort((a, b) => b.savedAt.localeCompare(a.savedAt))
  const of = <K extends OfflineKind>(kind: K) => all.filter((record): record is OfflineRecord<K> => record.kind === kind)
  return { owner, records: { contact: of('contact'), company: of('company'), deal: of('deal') }, tasks: (await db.get('tasks', key)) ?? null }
}

/**
 * One call on a detail page: keeps a copy of the record each time it is loaded or
 * refreshed. Only in the browser; a failing IndexedDB (private mode, quota) costs the
 * offline copy, never the page.
 */
export function useOfflineCopy<K extends OfflineKind>(kind: K, snapshot: () => OfflineData[K] | null | undefined): void {
  if (import.meta.server) return
  const session = useSession()
  watch([snapshot, session], ([data, current]) => {
    if (data && current) rememberOfflineRecord(current, kind, data).catch(error => console.warn('offline copy not saved', error))
  }, { immediate: true })
}

/**
 * One call on the activities page: keeps the signed-in user's open tasks due by the end
 * of today (the ones a field visit needs), fetched on their own so the page's filters do
 * not change what is kept.
 */
export function useOfflineTasks(): void {
  if (import.meta.server) return
  const session = useSession()
  const bounds = useDayBounds()
  onMounted(async () => {
    const current = session.value
    if (!current) return
    try {
      const answer = await $api<ActivityRecord[]>('/api/v1/activities', {
        query: { ownerId: current.user.id, type: 'task', done: 'false', dueBefore: bounds.value.tomorrow, sort: 'dueAt', limit: 100 },
      })
      await rememberOfflineTasks(current, answer.data)
    }
    catch (error) {
      console.warn('offline copy of today\'s tasks not saved', error)
    }
  })
}
