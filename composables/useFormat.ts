import { DEFAULT_TIME_ZONE } from '~~/shared/time-zones'

const INTL_LOCALE = { de: 'de-DE', en: 'en-GB' } as const

// Intl formatters are costly to build and hold no per-user data: one per locale, zone and style.
const dateFormats = new Map<string, Intl.DateTimeFormat>()
const numberFormats = new Map<string, Intl.NumberFormat>()
function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`
  let format = dateFormats.get(key)
  if (!format) dateFormats.set(key, format = new Intl.DateTimeFormat(locale, options))
  return format
}
function numberFormat(locale: string, currency?: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`
  let format = numberFormats.get(key)
  if (!format) numberFormats.set(key, format = new Intl.NumberFormat(locale, currency ? { style: 'currency', currency } : {}))
  return format
}

/** The zone if Intl knows it: the cookie is the client's to send, and may be gone or made up. */
function knownZone(zone: string | null | undefined): string {
  if (!zone) return DEFAULT_TIME_ZONE
  const known = knownZones.get(zone)
  if (known) return known
  try {
    const resolved = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone
    // Bounded: spellings of real zones only, and a cookie can spell one in many ways.
    if (knownZones.size >= 1000) knownZones.clear()
    knownZones.set(zone, resolved)
    return resolved
  }
  catch {
    return DEFAULT_TIME_ZONE
  }
}
const knownZones = new Map<string, string>()

let zoneChecked = false
const DETECTED_KEY = 'pulse.time-zone-detected'

/**
 * Once per person (and browser): a profile without a zone gets the one this browser is in, so
 * mails (the morning digest) and other devices use it too. Not again after that, so choosing
 * "the organization's" in the profile sticks.
 */
async function storeDetectedZone(updateProfile: ReturnType<typeof useProfileUpdate>, session: SessionData, zone: string): Promise<void> {
  const key = `${DETECTED_KEY}.${session.user.id}`
  try {
    if (localStorage.getItem(key)) return
    await updateProfile({ timeZone: zone })
    localStorage.setItem(key, zone)
  }
  catch (error) {
    // Tried again on the next visit.
    console.warn('time zone not stored', error)
  }
}

/**
 * The user's time zone. Signed in, the profile's is the source of truth (else the
 * organization's): the session comes with the page, so the server renders the same text
 * the client hydrates. Signed out, the browser's, remembered in a cookie for the same
 * reason; Berlin when the cookie is missing or names no zone. The page hydrates with the
 * zone it was rendered in; only once it is ready does a browser in another zone switch to
 * its own, so a hydration never meets other text than the server wrote.
 */
export function useTimeZone() {
  const cookie = useCookie<string | null>('pulse_tz', { default: () => DEFAULT_TIME_ZONE, sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 })
  const zone = useState<string | null>('pulse-time-zone', () => cookie.value)
  const session = useSession()
  if (import.meta.client && !zoneChecked) {
    zoneChecked = true
    const updateProfile = useProfileUpdate()
    onNuxtReady(() => {
      const actual = Intl.DateTimeFormat().resolvedOptions().timeZone
      if (actual && zone.value !== actual) zone.value = cookie.value = actual
      // Also for a sign-in after the page loaded: the session arrives later then.
      watch(() => session.value?.user.id, () => {
        if (actual && session.value && !session.value.user.timeZone) void storeDetectedZone(updateProfile, session.value, actual)
      }, { immediate: true })
    })
  }
  return computed(() => knownZone(session.value ? session.value.user.timeZone ?? session.value.organization.timeZone : zone.value))
}

/** Dates, numbers and money in the user's language and time zone. */
export function useFormat() {
  const { locale } = useI18n()
  const zone = useTimeZone()
  const intl = computed(() => INTL_LOCALE[locale.value as keyof typeof INTL_LOCALE] ?? 'de-DE')

  const toDate = (value: string | Date) => (value instanceof Date ? value : new Date(value))
  return {
    /** 24.11.2026 / 24/11/2026 */
    date: (value: string | Date) => dateFormat(intl.value, { dateStyle: 'medium', timeZone: zone.value }).format(toDate(value)),
    /** A calendar date without time (YYYY-MM-DD), never shifted by a time zone. */
    day: (value: string) => dateFormat(intl.value, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`)),
    /** A calendar day (YYYY-MM-DD) in parts of one's choosing: `{ weekday: 'short', day: 'numeric' }`. */
    dayAs: (value: string, options: Omit<Intl.DateTimeFormatOptions, 'timeZone'>) => dateFormat(intl.value, { ...options, timeZone: 'UTC' }).format(new Date(`${value}T12:00:00Z`)),
    dateTime: (value: string | Date) => dateFormat(intl.value, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone.value }).format(toDate(value)),
    time: (value: string | Date) => dateFormat(intl.value, { timeStyle: 'short', timeZone: zone.value }).format(toDate(value)),
    number: (value: number) => numberFormat(intl.value).format(value),
    /** Money arrives as an exact decimal string; Intl formats the string itself, never a float. */
    money: (value: string | number, currency: string) => numberFormat(intl.value, currency).format(value as Intl.StringNumericLiteral),
  }
}
