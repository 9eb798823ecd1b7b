import { describe, expect, it } from 'vitest'
import { fromCents, toCents, weighted } from '../../shared/money'

describe('money', () => {
  it('reads and writes exact amounts as cents', () => {
    expect(toCents('1234.5')).toBe(123450n)
    expect(toCents('-0.07')).toBe(-7n)
    expect(toCents('99999999999999.99')).toBe(9999999999999999n)
    expect(fromCents(123450n)).toBe('1234.50')
    expect(fromCents(-7n)).toBe('-0.07')
  })

  it('weighs by a probability in percent, rounded half up to the cent', () => {
    expect(weighted('2000.00', 25)).toBe('500.00')
    expect(weighted('0.10', 25)).toBe('0.03')
    expect(weighted('0.10', 24)).toBe('0.02')
    expect(weighted('123.45', 0)).toBe('0.00')
    expect(weighted('123.45', 100)).toBe('123.45')
    expect(weighted('99999999999999.99', 75)).toBe('74999999999999.99')
  })
})
