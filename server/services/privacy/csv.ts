/**
 * CSV (RFC 4180) of plain records for the data exports: a header row of field names, CRLF
 * line ends, every field quoted when it must be. Dates as ISO 8601, arrays and objects as
 * JSON. A text that a spreadsheet would run as a formula (= + - @ at the start) gets a
 * leading apostrophe (OWASP CSV injection); the JSON files carry the exact values.
 */
export function csvValue(value: unknown): string {
  let text: string
  if (value === null || value === undefined) text = ''
  else if (value instanceof Date) text = value.toISOString()
  else if (typeof value === 'object') text = JSON.stringify(value)
  else text = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export const csvRow = (values: unknown[]): string => `${values.map(csvValue).join(',')}\r\n`

/** A whole CSV file: the header from `columns`, one row per record. */
export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  return csvRow(columns) + rows.map(row => csvRow(columns.map(c => row[c]))).join('')
}
