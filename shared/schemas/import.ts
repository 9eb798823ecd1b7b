import { z } from 'zod'
import { listQuery } from './common'
import { activityListQuery, companyListQuery, contactListQuery, dealListQuery } from './list-queries'

export const IMPORT_ENTITIES = ['contacts', 'companies', 'deals'] as const
export type ImportEntity = (typeof IMPORT_ENTITIES)[number]

/**
 * uploaded → mapped → running → completed | failed | cancelled; a running import whose
 * server died becomes interrupted (and may be resumed); a finished one may be reverted.
 */
export const IMPORT_STATUSES = ['uploaded', 'mapped', 'running', 'interrupted', 'completed', 'failed', 'cancelled', 'reverted'] as const
export type ImportStatus = (typeof IMPORT_STATUSES)[number]

/**
 * What happens to a row that matches an existing record by the duplicate matcher (contacts
 * by email, phone or name; companies by web domain or name without legal form).
 */
export const IMPORT_DUPLICATE_MODES = ['skip', 'update', 'create'] as const
export type ImportDuplicateMode = (typeof IMPORT_DUPLICATE_MODES)[number]

/** What an import did with a row that matched: left it out, updated the match, or created a new record anyway. */
export const IMPORT_MATCH_ACTIONS = ['skipped', 'updated', 'created'] as const
export type ImportMatchAction = (typeof IMPORT_MATCH_ACTIONS)[number]

/** The fields a CSV column can fill, per kind of record. */
export const IMPORT_FIELDS = {
  contacts: ['firstName', 'lastName', 'email', 'phone', 'position', 'company', 'tags'],
  companies: ['name', 'industry', 'website', 'phone', 'street', 'postalCode', 'city', 'country'],
  deals: ['title', 'value', 'currency', 'stage', 'company', 'contactEmail', 'expectedCloseDate'],
} as const satisfies Record<ImportEntity, readonly string[]>
export type ImportField = (typeof IMPORT_FIELDS)[ImportEntity][number]

/** Fields a row cannot do without; the mapping must name a column for each. */
export const IMPORT_REQUIRED_FIELDS: Record<ImportEntity, readonly ImportField[]> = {
  contacts: ['firstName', 'lastName'],
  companies: ['name'],
  deals: ['title'],
}

/** Largest accepted upload. */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024

// Header spellings, folded (lower case, umlauts as ae/oe/ue, ß as ss, no spaces or punctuation).
const HEADER_NAMES: Record<ImportEntity, Partial<Record<ImportField, string[]>>> = {
  contacts: {
    firstName: ['vorname', 'firstname', 'givenname', 'first'],
    lastName: ['nachname', 'lastname', 'surname', 'familyname', 'familienname', 'last', 'name'],
    email: ['email', 'emailadresse', 'emailaddress', 'mail', 'mailadresse'],
    phone: ['telefon', 'telefonnummer', 'tel', 'phone', 'phonenumber', 'mobil', 'mobile', 'handy'],
    position: ['position', 'jobtitle', 'job', 'funktion', 'rolle', 'role', 'titel', 'title', 'berufsbezeichnung'],
    company: ['firma', 'company', 'unternehmen', 'companyname', 'firmenname', 'organisation', 'organization', 'account'],
    tags: ['tags', 'tag', 'labels', 'schlagworte', 'stichworte'],
  },
  companies: {
    name: ['name', 'firma', 'firmenname', 'company', 'companyname', 'unternehmen', 'organisation', 'organization'],
    industry: ['branche', 'industry', 'sector', 'sektor'],
    website: ['website', 'webseite', 'homepage', 'url', 'web', 'internet', 'domain'],
    phone: ['telefon', 'telefonnummer', 'tel', 'phone', 'phonenumber'],
    street: ['strasse', 'street', 'adresse', 'address', 'anschrift', 'strassehausnummer'],
    postalCode: ['plz', 'postleitzahl', 'zip', 'zipcode', 'postalcode', 'postcode'],
    city: ['stadt', 'ort', 'city', 'town', 'wohnort'],
    country: ['land', 'country', 'countrycode', 'laendercode'],
  },
  deals: {
    title: ['titel', 'title', 'name', 'deal', 'dealname', 'bezeichnung', 'betreff', 'opportunity'],
    value: ['wert', 'value', 'amount', 'betrag', 'volumen', 'umsatz', 'dealwert'],
    currency: ['waehrung', 'currency'],
    stage: ['phase', 'stage', 'stufe', 'dealphase'],
    company: ['firma', 'company', 'unternehmen', 'companyname', 'firmenname', 'organisation', 'organization', 'account'],
    contactEmail: ['kontaktemail', 'contactemail', 'email', 'emailadresse', 'kontakt', 'contact'],
    expectedCloseDate: ['abschlussdatum', 'erwartetesabschlussdatum', 'closedate', 'expectedclosedate', 'closingdate', 'abschluss'],
  },
}

/** A header as the guesser compares it: "E-Mail-Adresse" → "emailadresse", "Straße" → "strasse". */
export function foldHeader(header: string): string {
  return header.toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFKD').replace(/[^a-z0-9]/g, '')
}

/** The likely field of each column from its header (German or English); each field is used once. */
export function guessMapping(entity: ImportEntity, headers: readonly string[]): Record<string, ImportField> {
  const names = HEADER_NAMES[entity]
  const mapping: Record<string, ImportField> = {}
  const used = new Set<string>()
  headers.forEach((header, index) => {
    const folded = foldHeader(header)
    const field = (Object.keys(names) as ImportField[]).find(f => !used.has(f) && names[f]!.includes(folded))
    if (field) {
      mapping[String(index)] = field
      used.add(field)
    }
  })
  return mapping
}

export const importEntity = z.enum(IMPORT_ENTITIES)
export const importDuplicateMode = z.enum(IMPORT_DUPLICATE_MODES)

/** `POST /imports?entity=contacts&fileName=kunden.csv` with the file as the body. */
export const importUploadQuery = z.object({
  entity: importEntity,
  fileName: z.string().trim().min(1).max(255).default('import.csv'),
}).strict()
export type ImportUploadQuery = z.output<typeof importUploadQuery>

const allFields = [...new Set(Object.values(IMPORT_FIELDS).flat())] as [ImportField, ...ImportField[]]

/** `PUT /imports/:id`: which column fills which field, and what to do with duplicates. */
export const importMappingInput = z.object({
  mapping: z.record(z.string().regex(/^\d{1,4}$/, { error: 'must be a column number' }), z.enum(allFields)),
  duplicateMode: importDuplicateMode.default('skip'),
}).strict()
export type ImportMappingInput = z.output<typeof importMappingInput>

export const importListQuery = listQuery.pick({ page: true, limit: true }).strict()
export type ImportListQuery = z.output<typeof importListQuery>

/** run, resume, cancel and undo take no body (an empty JSON object is accepted). */
export const importActionBody = z.object({}).strict()

export const EXPORT_ENTITIES = ['contacts', 'companies', 'deals', 'activities'] as const
export type ExportEntity = (typeof EXPORT_ENTITIES)[number]

/**
 * How a list exports: `headers=keys` (default, stable field names for automation) or
 * `labels` in `lang`; the delimiter defaults to `;` for German labels (what German Excel
 * expects) and `,` otherwise. Filters and `sort` are those of the list.
 */
const exportOptions = {
  headers: z.enum(['keys', 'labels']).default('keys'),
  lang: z.enum(['de', 'en']).default('en'),
  delimiter: z.enum(['comma', 'semicolon', 'tab']).optional(),
}
const noPaging = { page: true, limit: true, after: true } as const

export const contactExportQuery = contactListQuery.omit(noPaging).extend(exportOptions).strict()
export const companyExportQuery = companyListQuery.omit(noPaging).extend(exportOptions).strict()
export const dealExportQuery = dealListQuery.omit(noPaging).extend(exportOptions).strict()
export const activityExportQuery = activityListQuery.omit(noPaging).extend(exportOptions).strict()
export interface ExportOptions { headers: 'keys' | 'labels', lang: 'de' | 'en', delimiter?: 'comma' | 'semicolon' | 'tab' }
