/** Where neither the person nor the organization has chosen a zone: the product's home market. */
export const DEFAULT_TIME_ZONE = 'Europe/Berlin'

// Region/City names (and UTC), never a numeric offset: an offset does not follow daylight saving time.
const ZONE_NAME = /^(?:UTC|[A-Za-z][\w+-]*(?:\/[\w+-]+){1,2})$/

/**
 * The IANA zone as stored: its proper spelling (`europe/berlin` → `Europe/Berlin`), an alias
 * kept as given (pickers offer the names the browser knows); null when Intl knows no such zone.
 */
export function canonicalTimeZone(zone: string): string | null {
  if (zone.length > 64 || !ZONE_NAME.test(zone)) return null
  try {
    const resolved = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone
    return resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone
  }
  catch {
    return null
  }
}

/** The zone a person's times are shown and mailed in: their own, else their organization's. */
export function effectiveTimeZone(userZone: string | null | undefined, organizationZone: string | null | undefined): string {
  return (userZone && canonicalTimeZone(userZone)) || (organizationZone && canonicalTimeZone(organizationZone)) || DEFAULT_TIME_ZONE
}

/** The zones a picker offers: every one Intl knows, and UTC. */
export function timeZoneNames(): string[] {
  const names = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [DEFAULT_TIME_ZONE]
  return names.includes('UTC') ? names : [...names, 'UTC']
}

export interface LocalTime {
  /** The calendar date there, YYYY-MM-DD. */
  date: string
  hour: number
  minute: number
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number
}

const partFormats = new Map<string, Intl.DateTimeFormat>()
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 }

/** What the wall clock and calendar say in `zone` at the instant `at`. */
export function localTime(at: Date, zone: string): LocalTime {
  let format = partFormats.get(zone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short',
    })
    partFormats.set(zone, format)
  }
  const parts = Object.fromEntries(format.formatToParts(at).map(p => [p.type, p.value]))
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour), minute: Number(parts.minute), weekday: WEEKDAYS[parts.weekday!]! }
}

function offsetAt(at: number, zone: string): number {
  const local = localTime(new Date(at), zone)
  const [y, m, d] = local.date.split('-').map(Number) as [number, number, number]
  return Date.UTC(y, m - 1, d, local.hour, local.minute) - Math.floor(at / 60_000) * 60_000
}

/**
 * The instant a wall-clock time on a calendar date happens in `zone`: the first one when the
 * clock goes back and it happens twice, the same time shifted forward when it falls into the
 * hour the clock skips.
 */
export function zonedInstant(date: string, hour: number, minute: number, zone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const wanted = Date.UTC(y, m - 1, d, hour, minute)
  // A zone's offset changes at most once around a day: the offsets a day before and after are the candidates.
  const before = offsetAt(wanted - 86_400_000, zone)
  const after = offsetAt(wanted + 86_400_000, zone)
  const valid = [before, after].map(offset => wanted - offset).filter(at => offsetAt(at, zone) === wanted - at)
  if (valid.length) return new Date(Math.min(...valid))
  // In the hour the clock skips: the same time shifted forward by the gap.
  return new Date(wanted - before)
}
