import { localTime, zonedInstant } from '../../shared/time-zones'

/** The digest goes out from 07:00 local time; a server that was down then still sends it until noon. */
export const DIGEST_HOUR = 7
export const DIGEST_LAST_HOUR = 12

export interface DigestDay {
  /** The person's calendar date: the digest's key, once per person and day. */
  localDate: string
  /** Whether the digest is due now: a weekday, between 07:00 and noon there. */
  due: boolean
  /** Whether it may still go out today: a weekday, from 07:00 there (a queued job may run after noon). */
  started: boolean
  /** Where "today" begins and ends there (23 or 25 hours on the days the clock changes). */
  dayStart: Date
  dayEnd: Date
}

const nextDate = (date: string) => new Date(Date.parse(`${date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

/** The digest's day for a person in `zone` at the instant `now`. */
export function digestDay(now: Date, zone: string): DigestDay {
  const local = localTime(now, zone)
  const started = local.weekday <= 5 && local.hour >= DIGEST_HOUR
  return { localDate: local.date, due: started && local.hour < DIGEST_LAST_HOUR, started, dayStart: zonedInstant(local.date, 0, 0, zone), dayEnd: zonedInstant(nextDate(local.date), 0, 0, zone) }
}
