import { describe, expect, it } from 'vitest'
import { linearTrend, percentile } from '../../bench/stats'
import { organizationSizes, SCALES, SMALL_TENANT_CONTACTS } from '../../bench/generate'

describe('benchmark statistics', () => {
  it('takes percentiles by nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentile(values, 50)).toBe(50)
    expect(percentile(values, 95)).toBe(95)
    expect(percentile(values, 99)).toBe(99)
    expect(percentile([7], 99)).toBe(7)
    expect(percentile([], 50)).toBe(0)
  })

  it('fits a growth trend and sees none in a flat sawtooth', () => {
    expect(linearTrend([[0, 100], [1, 102], [2, 104], [3, 106]]).slope).toBeCloseTo(2)
    const sawtooth = Array.from({ length: 120 }, (_, i) => [i, 200 + (i % 10)] as const)
    expect(Math.abs(linearTrend(sawtooth).slope)).toBeLessThan(0.01)
  })
})

describe('benchmark data set sizes', () => {
  it.each(Object.values(SCALES))('$name: one big tenant, one of 1,000, the rest skewed, the exact total', (scale) => {
    const sizes = organizationSizes(scale)
    expect(sizes).toHaveLength(scale.organizations)
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(scale.contacts)
    expect(sizes[0]).toBe(scale.bigContacts)
    expect(sizes[1]).toBe(SMALL_TENANT_CONTACTS)
    const rest = sizes.slice(2)
    expect(Math.max(...rest)).toBeLessThan(scale.bigContacts)
    expect(Math.max(...rest)).toBeGreaterThan(5 * Math.min(...rest))
  })
})
