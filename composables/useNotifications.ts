import type { NotificationKind } from '~~/shared/domain'
import { recordPath } from '~~/shared/notification-links'
import type { NotificationRecord } from '~~/shared/schemas/responses'

const UNREAD_URL = '/api/v1/notifications/unread-count'

/** The signed-in person's unread count; every caller shares one entry (the header reads it with the page). */
export function useUnreadCount() {
  return useApi<{ unread: number }>(UNREAD_URL, { dedupe: 'defer' })
}

/** Marks some (or, with `all`, every one) as read; the header's count follows at once. */
export async function markNotificationsRead(body: { ids: string[] } | { all: true }) {
  const { data } = await $api<{ updated: number, unread: number }>('/api/v1/notifications/read', { method: 'POST', body })
  await refreshNuxtData(apiKey(UNREAD_URL))
  return data
}

export const notificationIcon: Record<NotificationKind, string> = {
  reminder: 'pi pi-clock',
  record_assigned: 'pi pi-user-plus',
  activity_assigned: 'pi pi-calendar-plus',
  mention: 'pi pi-at',
  deal_won: 'pi pi-trophy',
  deal_lost: 'pi pi-times-circle',
  import_finished: 'pi pi-upload',
}

/** One notification in words, with its link and how long ago it came. */
export function useNotificationText() {
  const { t, locale } = useI18n()
  const format = useFormat()
  const zone = useTimeZone()
  const now = useState('notifications:now', () => Date.now())

  const ymd = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: zone.value, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)
  function due(iso: string): string {
    const at = new Date(iso)
    const day = ymd(at)
    if (day === ymd(new Date(now.value))) return t('notifications.due_today', { time: format.time(at) })
    if (day === ymd(new Date(now.value + 86_400_000))) return t('notifications.due_tomorrow', { time: format.time(at) })
    return format.dateTime(at)
  }

  function sentence(n: NotificationRecord): string {
    const actor = n.data.actorName ?? t('notifications.someone')
    const title = n.data.title ?? t(`notifications.record_types.${n.recordType ?? 'none'}`)
    if (n.kind === 'reminder') return n.data.dueAt ? t('notifications.text.reminder_due', { title, when: due(n.data.dueAt) }) : t('notifications.text.reminder', { title })
    if (n.kind === 'import_finished') return t('notifications.text.import_finished', { created: n.data.created ?? 0, rejected: n.data.rejected ?? 0 })
    return t(`notifications.text.${n.kind}`, { actor, title })
  }

  function ago(iso: string): string {
    const seconds = Math.round((new Date(iso).getTime() - now.value) / 1000)
    const rtf = new Intl.RelativeTimeFormat(locale.value, { numeric: 'auto' })
    const abs = Math.abs(seconds)
    if (abs < 60) return t('notifications.just_now')
    if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute')
    if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour')
    if (abs < 7 * 86_400) return rtf.format(Math.round(seconds / 86_400), 'day')
    return format.date(iso)
  }

  /** Relative times move on while the page is open. */
  function tick() {
    now.value = Date.now()
  }

  return { sentence, ago, tick, link: (n: NotificationRecord) => recordPath(n.recordType, n.recordId) }
}

/** "At due time", "15 minutes before", "1 day before", "1 h 30 min before". */
export function useReminderLabel() {
  const { t } = useI18n()
  return (minutes: number): string => {
    if (minutes === 0) return t('reminders.at_due')
    if (minutes % 1440 === 0) return t('reminders.days_before', minutes / 1440)
    if (minutes % 60 === 0) return t('reminders.hours_before', minutes / 60)
    if (minutes < 60) return t('reminders.minutes_before', minutes)
    const days = Math.floor(minutes / 1440)
    const hours = Math.floor((minutes % 1440) / 60)
    const rest = minutes % 60
    return t('reminders.before', { duration: [days && t('reminders.unit.day', { n: days }), hours && t('reminders.unit.hour', { n: hours }), rest && t('reminders.unit.minute', { n: rest })].filter(Boolean).join(' ') })
  }
}
