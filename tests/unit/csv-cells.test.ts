import { describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { defuseFormula, safeCsvOptions } from '../../server/utils/csv-cells'
import { csvRow } from '../../server/services/privacy/csv'

describe('the formula rule every CSV of Pulse shares', () => {
  const dangerous = ['=1+1', '+49 30 1234', '-2+3', '@SUM(A1)', '\t=cmd', '\r=cmd']

  it('prefixes a text that starts with = + - @ tab or carriage return with an apostrophe', () => {
    for (const text of dangerous) expect(defuseFormula(text), JSON.stringify(text)).toBe(`'${text}`)
  })

  it('leaves every other text as it is', () => {
    for (const text of ['Anna', '1 = 1', 'a+b', '', ' =padded', '\'already quoted', 'ümlaut']) expect(defuseFormula(text)).toBe(text)
  })

  it('is the same rule in csv-stringify (list exports, rejected rows) and in the DSGVO exports', () => {
    const cells = (csv: string) => parse(csv, { relax_quotes: true })[0] as string[]
    const expected = dangerous.map(text => `'${text}`)
    expect(cells(stringify([dangerous], safeCsvOptions))).toEqual(expected)
    expect(cells(csvRow(dangerous))).toEqual(expected)
  })
})
