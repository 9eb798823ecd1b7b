import { defuseFormula } from '../../utils/csv-cells'

/**
 * CSV (RFC 4180) of plain records for the data exports: a header row of field names, CRLF
 * line ends, every field quoted when it must be. Dates as ISO 8601, arrays and objects as
 * JSON. Texts pass through the formula rule every CSV of Pulse shares (utils/csv-cells.ts).
 */
export function csvValue(value: unknown): string {
  let text: string
  if (value === null || value === undefined) text = ''
  else if (value instanceof Date) text = value.toISOString()
  else if (typeof value === 'object') text = JSON.stringify(value)
  else text = String(value)
  if (typeof value === 'string') text = defuseFormula(text)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export const csvRow = (values: unknown[]): string => `${values.map(csvValue).join(',')}\r\n`

/** A whole CSV file: the header from `columns`, one row per record. */
export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  return csvRow(columns) + rows.map(row => csvRow(columns.map(c => row[c]))).join('')
}
