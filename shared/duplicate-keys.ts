import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js'

// Normalised keys that duplicate detection compares with `=` on indexed columns
// (contacts.email_key/phone_key/name_key, companies.domain_key/name_key). Pure, so the
// same value comes out on every write path and in every lookup.

/** The country a phone number without a prefix is read in when the record names none. */
export const DEFAULT_PHONE_COUNTRY: CountryCode = 'DE'

const FOLDS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i' }

/**
 * Text as names are compared: NFKC, lower case, German umlauts and ß spelled out
 * (Müller = Mueller, Straße = Strasse), other diacritics dropped (Café = Cafe), every run
 * of punctuation and spaces one space.
 */
export function foldText(text: string): string {
  return text.normalize('NFKC').toLowerCase()
    .replace(/[äöüßæœøđðłþı]/g, c => FOLDS[c]!)
    .normalize('NFD').replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

const compact = (text: string) => foldText(text).replace(/ /g, '')

/** An email as it is compared: trimmed, NFKC, lower case; null when there is none. */
export function emailKey(email: string | null | undefined): string | null {
  const key = email?.normalize('NFKC').trim().toLowerCase()
  return key || null
}

/**
 * A phone number in E.164 (`+491712345678`), read in `country` (DE unless the record says
 * otherwise) when it has no international prefix; null when it is not a possible number.
 */
export function phoneKey(phone: string | null | undefined, country?: string | null): string | null {
  if (!phone?.trim()) return null
  const region = (country && /^[A-Z]{2}$/.test(country) ? country : DEFAULT_PHONE_COUNTRY) as CountryCode
  const parsed = parsePhoneNumberFromString(phone, { defaultCountry: region })
  return parsed?.isPossible() ? parsed.number : null
}

/**
 * A person's name as it is compared: both parts folded (foldText, spaces and hyphens
 * dropped) and put in alphabetical order, so "Müller, Hans" and "Hans Mueller" meet.
 * Both parts must be there: a first name alone, or a prefix, never matches.
 */
export function personNameKey(firstName: string | null | undefined, lastName: string | null | undefined): string | null {
  const first = compact(firstName ?? '')
  const last = compact(lastName ?? '')
  if (!first || !last) return null
  return [first, last].sort().join('|')
}

// Legal forms at the end of a company name, folded (so "e.K." is "e k", "GmbH & Co. KG" is "gmbh co kg").
const LEGAL_FORMS = [
  'gmbh', 'mbh', 'ggmbh', 'gesmbh', 'ag', 'kg', 'kgaa', 'ohg', 'gbr', 'ug', 'haftungsbeschraenkt', 'e k', 'e kfm', 'e kfr', 'ek',
  'e v', 'ev', 'e g', 'eg', 'se', 'ltd', 'limited', 'inc', 'incorporated', 'llc', 'llp', 'plc', 'corp', 'corporation',
  'co', 'cie', 'und', 'u', 'sa', 'sarl', 'sas', 'srl', 'spa', 'bv', 'nv', 'mit beschraenkter haftung',
]
const LEGAL_SUFFIX = new RegExp(`(?: (?:${[...LEGAL_FORMS].sort((a, b) => b.length - a.length).join('|')}))+$`)

/**
 * A company name as it is compared: folded, legal forms at the end left out ("Müller GmbH &
 * Co. KG" = "Mueller"), spaces dropped. A name that is nothing but a legal form keeps it.
 */
export function companyNameKey(name: string | null | undefined): string | null {
  const folded = foldText(name ?? '')
  if (!folded) return null
  const stripped = ` ${folded}`.replace(LEGAL_SUFFIX, '').trim()
  return (stripped || folded).replace(/ /g, '')
}

/**
 * The host of a website without `www.`, lower case (`https://www.Example.de/kontakt` →
 * `example.de`); null when it names no host with a dot.
 */
export function domainKey(website: string | null | undefined): string | null {
  const text = website?.normalize('NFKC').trim()
  if (!text) return null
  try {
    const url = new URL(/^[a-z][a-z\d+.-]*:\/\//i.test(text) ? text : `http://${text}`)
    const host = url.hostname.toLowerCase().replace(/\.$/, '').replace(/^www\d*\./, '')
    return host.includes('.') ? host : null
  }
  catch {
    return null
  }
}

/** The duplicate keys of a contact's stored values. */
export function contactKeys(c: { firstName: string, lastName: string, email?: string | null, phone?: string | null }, country?: string | null) {
  return { emailKey: emailKey(c.email), phoneKey: phoneKey(c.phone, country), nameKey: personNameKey(c.firstName, c.lastName) }
}

/** The duplicate keys of a company's stored values. */
export function companyKeys(c: { name: string, website?: string | null }) {
  return { domainKey: domainKey(c.website), nameKey: companyNameKey(c.name) }
}
