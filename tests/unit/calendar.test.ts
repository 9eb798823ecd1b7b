import { describe, expect, it } from 'vitest'
import { addDays, addMonths, isCalendarDay, layoutLanes, monthWeeks, wallClock, weekStart, zonedInstant, zonedParts } from '../../utils/calendar'

describe('calendar arithmetic in a time zone', () => {
  it('reads the wall-clock day and minute of an instant', () => {
    expect(zonedParts(new Date('2026-12-07T23:30:00Z'), 'Europe/Berlin')).toEqual({ day: '2026-12-08', minutes: 30 })
    expect(zonedParts(new Date('2026-12-07T23:30:00Z'), 'America/New_York')).toEqual({ day: '2026-12-07', minutes: 18 * 60 + 30 })
  })

  it('finds the instant of a wall-clock time, across daylight saving changes', () => {
    expect(zonedInstant('2026-12-07', 9 * 60, 'Europe/Berlin').toISOString()).toBe('2026-12-07T08:00:00.000Z')
    expect(zonedInstant('2026-07-07', 9 * 60, 'Europe/Berlin').toISOString()).toBe('2026-07-07T07:00:00.000Z')
    expect(zonedInstant('2026-03-29', 0, 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z')
    expect(zonedInstant('2026-03-29', 4 * 60, 'Europe/Berlin').toISOString()).toBe('2026-03-29T02:00:00.000Z')
    // 02:30 does not exist that night in Berlin: after the gap.
    expect(zonedInstant('2026-03-29', 150, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z')
    expect(zonedInstant('2026-12-07', 0, 'Asia/Kolkata').toISOString()).toBe('2026-12-06T18:30:00.000Z')
    for (const zone of ['Europe/Berlin', 'America/Los_Angeles', 'Australia/Lord_Howe', 'UTC']) {
      const at = zonedInstant('2026-10-12', 13 * 60 + 45, zone)
      expect(zonedParts(at, zone)).toEqual({ day: '2026-10-12', minutes: 13 * 60 + 45 })
    }
  })

  it('walks days, weeks (Monday first) and months', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28')
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-01')
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-01')
    expect(weekStart('2026-12-07')).toBe('2026-12-07')
    expect(weekStart('2026-12-13')).toBe('2026-12-07')
    const weeks = monthWeeks('2027-02-10')
    expect(weeks).toHaveLength(4)
    expect(weeks[0]![0]).toBe('2027-02-01')
    expect(monthWeeks('2026-03-01')).toHaveLength(6)
    expect(monthWeeks('2026-03-01')[0]![6]).toBe('2026-03-01')
  })

  it('reads minutes as a 24-hour clock', () => {
    expect(wallClock(0)).toBe('00:00')
    expect(wallClock(9 * 60 + 5)).toBe('09:05')
    expect(wallClock(23 * 60 + 45)).toBe('23:45')
  })

  it('accepts only real days', () => {
    expect(isCalendarDay('2026-02-28')).toBe(true)
    expect(isCalendarDay('2026-02-30')).toBe(false)
    expect(isCalendarDay('2026-2-3')).toBe(false)
    expect(isCalendarDay(['2026-02-28'])).toBe(false)
  })

  it('puts overlapping items side by side and lets the rest take the full width', () => {
    const placed = layoutLanes([{ id: 'a', at: 540 }, { id: 'b', at: 550 }, { id: 'c', at: 600 }, { id: 'd', at: 560 }], i => i.at, 30)
    const lane = Object.fromEntries(placed.map(p => [p.item.id, [p.lane, p.lanes]]))
    expect(lane).toEqual({ a: [0, 3], b: [1, 3], d: [2, 3], c: [0, 1] })
  })
})
