import type { z } from 'zod'
import { companyCreate, contactCreate, dealCreate, email as emailSchema } from '../../../shared/schemas'
import type { CompanyCreate, ContactCreate, DealCreate, ImportEntity, ImportField } from '../../../shared/schemas'

/** A parsed row, ready to write, or the reasons it is rejected. */
export type RowResult<T> = { ok: true, value: T } | { ok: false, reasons: string[] }

export interface ContactRow { input: ContactCreate, company: string | null }
export interface CompanyRow { input: CompanyCreate }
export interface DealRow { input: Omit<DealCreate, 'pipelineId'>, stageName: string | null, company: string | null, contactEmail: string | null }

/** The cell of each mapped field; blank cells are left out. */
export function cellsOf(fields: readonly string[], mapping: Record<string, ImportField>): Partial<Record<ImportField, string>> {
  const cells: Partial<Record<ImportField, string>> = {}
  for (const [column, field] of Object.entries(mapping)) {
    const value = fields[Number(column)]?.trim()
    if (value) cells[field] = value
  }
  return cells
}

/** True for a row whose every cell is blank (`;;;` lines from spreadsheets): skipped, not rejected. */
export function isBlank(fields: readonly string[]): boolean {
  return fields.every(field => !field.trim())
}

/**
 * Cells the database could not store: PostgreSQL text cannot hold a NUL character (the API
 * refuses them the same way, utils/api.ts). Checked first, so the preview already shows the
 * row as rejected and the run never sends it.
 */
function unstorable(cells: Partial<Record<ImportField, string>>): string[] {
  return Object.entries(cells).flatMap(([field, value]) => (value?.includes('\u0000') ? [`${field}: must not contain NUL characters`] : []))
}

function reasonsOf(error: z.ZodError, names: Record<string, string> = {}): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).filter(part => part !== 'address')
    const field = names[path[0] ?? ''] ?? path[0] ?? 'row'
    return `${field}: ${issue.message}`
  })
}

function nameOf(value: string | undefined, reasons: string[], field: string): string | null {
  if (!value) return null
  if (value.length > 200) {
    reasons.push(`${field}: must be at most 200 characters`)
    return null
  }
  return value
}

/**
 * An amount as people type it: "1.234,56 €", "1,234.56", "1500", "1.500" (German
 * thousands). The separator that comes last with one or two digits after it is the
 * decimal point; other separators group thousands.
 */
export function parseAmount(raw: string): string {
  const text = raw.replace(/[\s\u00A0€$£]|EUR|CHF|USD|GBP/gi, '')
  if (!/^\d[\d.,]*$/.test(text)) return raw
  const last = Math.max(text.lastIndexOf(','), text.lastIndexOf('.'))
  const decimals = last >= 0 ? text.length - last - 1 : 0
  if (last >= 0 && decimals >= 1 && decimals <= 2) {
    return `${text.slice(0, last).replace(/[.,]/g, '')}.${text.slice(last + 1)}`
  }
  return text.replace(/[.,]/g, '')
}

/** "31.12.2026", "31.12.26" or "2026-12-31" as YYYY-MM-DD; anything else unchanged (and then rejected). */
export function parseDate(raw: string): string {
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$/.exec(raw)
  if (!german) return raw
  const [, day, month, year] = german
  const fullYear = year!.length === 2 ? `20${year}` : year
  return `${fullYear}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`
}

export function contactRow(cells: Partial<Record<ImportField, string>>): RowResult<ContactRow> {
  const reasons = unstorable(cells)
  const company = nameOf(cells.company, reasons, 'company')
  const parsed = contactCreate.safeParse({
    firstName: cells.firstName ?? '',
    lastName: cells.lastName ?? '',
    email: cells.email,
    phone: cells.phone,
    position: cells.position,
    tags: cells.tags ? cells.tags.split(/[,|]/).map(tag => tag.trim()).filter(Boolean) : [],
  })
  if (!parsed.success) reasons.push(...reasonsOf(parsed.error))
  if (reasons.length || !parsed.success) return { ok: false, reasons }
  return { ok: true, value: { input: parsed.data, company } }
}

export function companyRow(cells: Partial<Record<ImportField, string>>): RowResult<CompanyRow> {
  const refused = unstorable(cells)
  if (refused.length) return { ok: false, reasons: refused }
  const address = { street: cells.street, postalCode: cells.postalCode, city: cells.city, country: cells.country }
  const parsed = companyCreate.safeParse({
    name: cells.name ?? '',
    industry: cells.industry,
    website: cells.website,
    phone: cells.phone,
    address: Object.values(address).some(Boolean) ? address : undefined,
  })
  if (!parsed.success) return { ok: false, reasons: reasonsOf(parsed.error) }
  return { ok: true, value: { input: parsed.data } }
}

// Stand-in pipeline id: the row is checked before the organization's pipeline is looked up.
const CHECK_PIPELINE = '00000000-0000-4000-8000-000000000000'

export function dealRow(cells: Partial<Record<ImportField, string>>): RowResult<DealRow> {
  const reasons = unstorable(cells)
  const company = nameOf(cells.company, reasons, 'company')
  let contactEmail: string | null = null
  if (cells.contactEmail) {
    const checked = emailSchema.safeParse(cells.contactEmail)
    if (checked.success) contactEmail = checked.data
    else reasons.push(`contactEmail: ${checked.error.issues[0]?.message ?? 'must be an email address'}`)
  }
  const parsed = dealCreate.safeParse({
    title: cells.title ?? '',
    value: cells.value ? parseAmount(cells.value) : undefined,
    currency: cells.currency,
    pipelineId: CHECK_PIPELINE,
    expectedCloseDate: cells.expectedCloseDate ? parseDate(cells.expectedCloseDate) : undefined,
  })
  if (!parsed.success) reasons.push(...reasonsOf(parsed.error))
  if (reasons.length || !parsed.success) return { ok: false, reasons }
  const { pipelineId: _pipeline, ...input } = parsed.data
  return { ok: true, value: { input, stageName: cells.stage ?? null, company, contactEmail } }
}

/** Checks one row against the shared validators of its kind (for the preview and the run). */
export function checkRow(entity: ImportEntity, cells: Partial<Record<ImportField, string>>): RowResult<ContactRow | CompanyRow | DealRow> {
  if (entity === 'contacts') return contactRow(cells)
  if (entity === 'companies') return companyRow(cells)
  return dealRow(cells)
}

/** The web domain of a website ("https://www.beispiel.de/kontakt" → "beispiel.de"), as the index computes it. */
export function domainOf(website: string | null | undefined): string | null {
  if (!website) return null
  const match = /^(?:https?:\/\/)?(?:www\.)?([^/:?#]+)/i.exec(website)
  return match ? match[1]!.toLowerCase() : null
}
