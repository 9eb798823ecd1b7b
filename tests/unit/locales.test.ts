import { getTableColumns } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { activities, companies, contacts, deals, pipelines } from '../../drizzle/schema'
import de from '../../locales/de.json'
import en from '../../locales/en.json'

type Messages = { [key: string]: string | Messages }

function flatten(messages: Messages, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(messages)) {
    if (typeof value === 'string') out.set(`${prefix}${key}`, value)
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v)
  }
  return out
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map(m => m[1]).sort()

describe('locales', () => {
  const english = flatten(en as Messages)
  const german = flatten(de as Messages)

  it('German and English carry the same keys', () => {
    expect([...german.keys()].sort()).toEqual([...english.keys()].sort())
  })

  it('has no empty message and uses snake_case keys', () => {
    for (const [key, text] of [...english, ...german]) {
      expect(text.trim(), key).not.toBe('')
      expect(key, key).toMatch(/^[a-z0-9_]+(\.[a-zA-Z0-9_]+)*$/)
    }
  })

  it('uses the same placeholders in both languages', () => {
    for (const [key, text] of english) expect(placeholders(german.get(key) ?? ''), key).toEqual(placeholders(text))
  })

  it('names every field a record\'s audit entry can carry, in both languages (no raw keys in the audit log)', () => {
    // Duplicate detection's keys are derived from other fields and never audited.
    const bookkeeping = new Set(['orgId', 'id', 'createdAt', 'updatedAt', 'emailKey', 'phoneKey', 'nameKey', 'domainKey'])
    for (const table of [activities, companies, contacts, deals, pipelines]) {
      for (const field of Object.keys(getTableColumns(table)).filter(key => !bookkeeping.has(key))) {
        expect(english.get(`audit.fields.${field}`), field).toBeDefined()
        expect(german.get(`audit.fields.${field}`), field).toBeDefined()
      }
    }
  })
})
