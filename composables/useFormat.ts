const INTL_LOCALE = { de: 'de-DE', en: 'en-GB' } as const
const DEFAULT_TIME_ZONE = 'Europe/Berlin'

/**
 * Dates, numbers and money in the user's language and time zone. The browser's zone is
 * remembered in a cookie so the server renders the same text the client hydrates.
 */
export function useFormat() {
  const { locale } = useI18n()
  const zone = useCookie<string>('pulse_tz', { default: () => DEFAULT_TIME_ZONE, sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 })
  if (import.meta.client) {
    const actual = Intl.DateTimeFormat().resolvedOptions().timeZone
    if (actual && zone.value !== actual) zone.value = actual
  }
  const intl = computed(() => INTL_LOCALE[locale.value as keyof typeof INTL_LOCALE] ?? 'de-DE')

  const toDate = (value: string | Date) => (value instanceof Date ? value : new Date(value))
  return {
    /** 24.11.2026 / 24/11/2026 */
    date: (value: string | Date) => new Intl.DateTimeFormat(intl.value, { dateStyle: 'medium', timeZone: zone.value }).format(toDate(value)),
    /** A calendar date without time (YYYY-MM-DD), never shifted by a time zone. */
    day: (value: string) => new Intl.DateTimeFormat(intl.value, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`)),
    dateTime: (value: string | Date) => new Intl.DateTimeFormat(intl.value, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone.value }).format(toDate(value)),
    time: (value: string | Date) => new Intl.DateTimeFormat(intl.value, { timeStyle: 'short', timeZone: zone.value }).format(toDate(value)),
    number: (value: number) => new Intl.NumberFormat(intl.value).format(value),
    /** Money arrives as an exact decimal string; Intl formats the string itself, never a float. */
    money: (value: string | number, currency: string) =>
      new Intl.NumberFormat(intl.value, { style: 'currency', currency }).format(value as Intl.StringNumericLiteral),
  }
}
