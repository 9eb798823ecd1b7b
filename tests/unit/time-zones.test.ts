import { describe, expect, it } from 'vitest'
import { timeZone } from '../../shared/schemas'
import { canonicalTimeZone, effectiveTimeZone, localTime, zonedInstant } from '../../shared/time-zones'
import { digestDay } from '../../server/utils/digest-schedule'

const at = (iso: string) => new Date(iso)

describe('local time in a zone', () => {
  it('knows the wall clock and calendar day in Berlin on both sides of the March change', () => {
    // Sunday 29 March 2026: 02:00 CET becomes 03:00 CEST at 01:00 UTC.
    expect(localTime(at('2026-03-29T00:59:00Z'), 'Europe/Berlin')).toEqual({ date: '2026-03-29', hour: 1, minute: 59, weekday: 7 })
    expect(localTime(at('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toEqual({ date: '2026-03-29', hour: 3, minute: 0, weekday: 7 })
    expect(localTime(at('2026-03-30T05:00:00Z'), 'Europe/Berlin')).toEqual({ date: '2026-03-30', hour: 7, minute: 0, weekday: 1 })
  })

  it('finds the instant of 07:00 and of midnight across the Berlin and New York changes', () => {
    expect(zonedInstant('2026-03-27', 7, 0, 'Europe/Berlin').toISOString()).toBe('2026-03-27T06:00:00.000Z')
    expect(zonedInstant('2026-03-30', 7, 0, 'Europe/Berlin').toISOString()).toBe('2026-03-30T05:00:00.000Z')
    expect(zonedInstant('2026-10-23', 7, 0, 'Europe/Berlin').toISOString()).toBe('2026-10-23T05:00:00.000Z')
    expect(zonedInstant('2026-10-26', 7, 0, 'Europe/Berlin').toISOString()).toBe('2026-10-26T06:00:00.000Z')
    expect(zonedInstant('2026-03-09', 7, 0, 'America/New_York').toISOString()).toBe('2026-03-09T11:00:00.000Z')
    expect(zonedInstant('2026-11-02', 7, 0, 'America/New_York').toISOString()).toBe('2026-11-02T12:00:00.000Z')
    expect(zonedInstant('2026-10-25', 0, 0, 'Europe/Berlin').toISOString()).toBe('2026-10-24T22:00:00.000Z')
  })

  it('takes the first of a time that happens twice, and shifts one the clock skips', () => {
    expect(zonedInstant('2026-10-25', 2, 30, 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z')
    expect(zonedInstant('2026-03-29', 2, 30, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z')
    expect(zonedInstant('2026-11-01', 1, 30, 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z')
    expect(zonedInstant('2026-03-08', 2, 30, 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z')
  })
})

describe('the digest\'s day', () => {
  it('is due from 07:00 local time on weekdays, in winter and in summer time', () => {
    expect(digestDay(at('2026-03-27T05:59:00Z'), 'Europe/Berlin')).toMatchObject({ localDate: '2026-03-27', due: false })
    expect(digestDay(at('2026-03-27T06:00:00Z'), 'Europe/Berlin')).toMatchObject({ localDate: '2026-03-27', due: true })
    // The Monday after the change: 07:00 is an hour earlier in UTC.
    expect(digestDay(at('2026-03-30T04:59:00Z'), 'Europe/Berlin')).toMatchObject({ localDate: '2026-03-30', due: false })
    expect(digestDay(at('2026-03-30T05:00:00Z'), 'Europe/Berlin')).toMatchObject({ localDate: '2026-03-30', due: true })
    expect(digestDay(at('2026-10-26T05:30:00Z'), 'Europe/Berlin')).toMatchObject({ localDate: '2026-10-26', due: false })
    expect(digestDay(at('2026-10-26T06:00:00Z'), 'Europe/Berlin')).toMatchObject({ localDate: '2026-10-26', due: true })
  })

  it('is not due at weekends, nor in the afternoon', () => {
    expect(digestDay(at('2026-03-28T08:00:00Z'), 'Europe/Berlin').due).toBe(false)
    expect(digestDay(at('2026-03-29T08:00:00Z'), 'Europe/Berlin').due).toBe(false)
    expect(digestDay(at('2026-12-07T10:59:00Z'), 'Europe/Berlin').due).toBe(true)
    expect(digestDay(at('2026-12-07T11:00:00Z'), 'Europe/Berlin').due).toBe(false)
  })

  it('follows New York\'s calendar: Monday there while it is already Monday noon in Berlin', () => {
    const now = at('2026-12-07T12:00:00Z')
    expect(digestDay(now, 'America/New_York')).toMatchObject({ localDate: '2026-12-07', due: true })
    expect(digestDay(now, 'Europe/Berlin')).toMatchObject({ localDate: '2026-12-07', due: false })
    // Sunday evening in New York is Monday morning in Berlin.
    expect(digestDay(at('2026-12-07T06:00:00Z'), 'America/New_York')).toMatchObject({ localDate: '2026-12-07', due: false })
    expect(digestDay(at('2026-12-07T01:00:00Z'), 'America/New_York')).toMatchObject({ localDate: '2026-12-06', due: false })
    // Its summer time starts two weeks before Europe's: 07:00 EDT is 11:00 UTC.
    expect(digestDay(at('2026-03-09T11:00:00Z'), 'America/New_York')).toMatchObject({ localDate: '2026-03-09', due: true })
    expect(digestDay(at('2026-03-09T10:59:00Z'), 'America/New_York').due).toBe(false)
  })

  it('has a 23-hour day in March and a 25-hour day in October', () => {
    const march = digestDay(at('2026-03-29T10:00:00Z'), 'Europe/Berlin')
    expect([march.dayStart.toISOString(), march.dayEnd.toISOString()]).toEqual(['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'])
    const october = digestDay(at('2026-10-25T10:00:00Z'), 'Europe/Berlin')
    expect([october.dayStart.toISOString(), october.dayEnd.toISOString()]).toEqual(['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z'])
  })
})

describe('time zone names', () => {
  it('accept IANA names in their canonical spelling and refuse offsets and made-up names', () => {
    expect(canonicalTimeZone('Europe/Berlin')).toBe('Europe/Berlin')
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin')
    expect(canonicalTimeZone('America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires')
    expect(canonicalTimeZone('UTC')).toBe('UTC')
    for (const bad of ['Mars/Olympus_Mons', '+01:00', 'GMT+1', '', 'Europe/Berlin; drop table users', 'x'.repeat(100)]) expect(canonicalTimeZone(bad)).toBeNull()
    expect(timeZone.safeParse('Mars/Olympus_Mons').success).toBe(false)
    expect(timeZone.parse(' europe/berlin ')).toBe('Europe/Berlin')
  })

  it('fall back from the person to the organization to Berlin', () => {
    expect(effectiveTimeZone('America/New_York', 'Europe/Vienna')).toBe('America/New_York')
    expect(effectiveTimeZone(null, 'Europe/Vienna')).toBe('Europe/Vienna')
    expect(effectiveTimeZone(null, null)).toBe('Europe/Berlin')
  })
})
