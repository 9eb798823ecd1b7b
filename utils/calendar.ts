/**
 * Calendar arithmetic in a named time zone with Intl alone (no date library): days are
 * `YYYY-MM-DD` strings of the user's zone, instants are `Date`s. The server and the browser
 * compute the same grid from the same zone, so a server-rendered calendar hydrates unchanged.
 */

const partsFormats = new Map<string, Intl.DateTimeFormat>()
function partsFormat(zone: string): Intl.DateTimeFormat {
  let format = partsFormats.get(zone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    partsFormats.set(zone, format)
  }
  return format
}

export interface ZonedParts { day: string, minutes: number }

/** The wall-clock day and minute of the day of an instant in a zone. */
export function zonedParts(at: Date, zone: string): ZonedParts {
  const parts = Object.fromEntries(partsFormat(zone).formatToParts(at).map(p => [p.type, p.value]))
  return { day: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) }
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(at: number, zone: string): number {
  const { day, minutes } = zonedParts(new Date(at), zone)
  const seconds = new Date(at).getUTCSeconds()
  const wall = Date.parse(`${day}T00:00:00Z`) + minutes * 60_000 + seconds * 1000
  return wall - (at - (at % 1000))
}

/**
 * The instant at which the zone's clock shows `minutes` after midnight of `day`. A time that a
 * spring-forward gap skips lands after the gap (as the clock reads it then).
 */
export function zonedInstant(day: string, minutes: number, zone: string): Date {
  const wall = Date.parse(`${day}T00:00:00Z`) + minutes * 60_000
  const guess = wall - offsetAt(wall, zone)
  const corrected = wall - offsetAt(guess, zone)
  if (corrected === guess) return new Date(guess)
  const back = zonedParts(new Date(corrected), zone)
  return new Date(back.day === day && back.minutes === minutes ? corrected : Math.max(guess, corrected))
}

/** Minutes after midnight as a 24-hour clock reads them: `09:05`. */
export function wallClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

/** `day` moved by whole days on the calendar. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

/** `day` moved by whole months, on the first of that month. */
export function addMonths(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1)).toISOString().slice(0, 10)
}

/** The Monday of the week `day` is in (European weeks). */
export function weekStart(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay()
  return addDays(day, -((weekday + 6) % 7))
}

/** The weeks a month view shows: from the Monday on or before the 1st to the Sunday on or after the last day. */
export function monthWeeks(day: string): string[][] {
  const first = addMonths(day, 0)
  const last = addDays(addMonths(day, 1), -1)
  const weeks: string[][] = []
  for (let start = weekStart(first); start <= last; start = addDays(start, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(start, i)))
  }
  return weeks
}

/** Whether a string is a real calendar day `YYYY-MM-DD`. */
export function isCalendarDay(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && addDays(value, 0) === value
}

export interface Placed<T> { item: T, lane: number, lanes: number }

/**
 * Side-by-side lanes for items of one day that overlap (each lasts `span` minutes from its
 * start): an item takes the first free lane, and a group of overlapping items shares its width.
 */
export function layoutLanes<T>(items: T[], start: (item: T) => number, span: number): Placed<T>[] {
  const sorted = [...items].sort((a, b) => start(a) - start(b))
  const placed: Placed<T>[] = []
  let group: Placed<T>[] = []
  let laneEnds: number[] = []
  let groupEnd = -Infinity
  const close = () => {
    for (const p of group) p.lanes = laneEnds.length
    group = []
    laneEnds = []
  }
  for (const item of sorted) {
    const from = start(item)
    if (from >= groupEnd) close()
    let lane = laneEnds.findIndex(end => end <= from)
    if (lane === -1) lane = laneEnds.push(0) - 1
    laneEnds[lane] = from + span
    groupEnd = Math.max(groupEnd, from + span)
    const p = { item, lane, lanes: 1 }
    group.push(p)
    placed.push(p)
  }
  close()
  return placed
}
