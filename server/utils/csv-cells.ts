import type { CastingContext } from 'csv-stringify'

/**
 * The one rule for every CSV file Pulse writes (list exports, an import's rejected rows,
 * the DSGVO exports). A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
 * return would run as a formula when the file is opened in Excel or LibreOffice (OWASP,
 * "CSV Injection"), so a contact named `=HYPERLINK(...)` could act on a colleague's
 * machine. Such a text gets a leading apostrophe, which the spreadsheet shows as text.
 * The JSON exports carry the exact values.
 */
export function defuseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

/** The same rule as `csv-stringify`'s `cast` option: every string cell passes through it. */
export const defusedCells = { string: (value: string, _context: CastingContext): string => defuseFormula(value) }

/**
 * `csv-stringify` options for every file Pulse writes with it: the formula rule, and quotes
 * around a cell with a lone carriage return too (the library quotes only the record
 * delimiter, and spreadsheets would break the row there).
 */
export const safeCsvOptions = { cast: defusedCells, quoted_match: /\r/ } as const
