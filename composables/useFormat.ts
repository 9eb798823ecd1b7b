const INTL_LOCALE = { de: 'de-DE', en: 'en-GB' } as const
const DEFAULT_TIME_ZONE = 'Europe/Berlin'

/** The zone if Intl knows it: the cookie is the client's to send, and may be gone or made up. */
function knownZone(zone: string | null | undefined): string {
  if (!zone) return DEFAULT_TIME_ZONE
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone
  }
  catch {
    return DEFAULT_TIME_ZONE
  }
}

/**
 * The user's time zone: the browser's, remembered in a cookie so the server renders the
 * same text the client hydrates; Berlin when the cookie is missing or names no zone.
 */
export function useTimeZone() {
  const cookie = useCookie<string | null>('pulse_tz', { default: () => DEFAULT_TIME_ZONE, sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 })
  if (import.meta.client) {
    const actual = Intl.DateTimeFormat().resolvedOptions().timeZone
    if (actual && cookie.value !== actual) cookie.value = actual
  }
  return computed(() => knownZone(cookie.value))
}

/** Dates, numbers and money in the user's language and time zone. */
export function useFormat() {
  const { locale } = useI18n()
  const zone = useTimeZone()
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
