import { request } from 'node:http'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { make, newTenant, UNKNOWN_ID, type Tenant } from '../support/crm'
import { call } from '../support/http'
import { fixture, importCsv, untilSettled, uploadCsv } from '../support/imports'

let acme: Tenant
let other: Tenant

beforeAll(async () => {
  [acme, other] = await Promise.all([newTenant('imports'), newTenant('imports-other')])
})

const contactsOf = async (tenant: Tenant, q: string) => (await call('GET', `/api/v1/contacts?q=${encodeURIComponent(q)}&limit=100`, { token: tenant.token })).body.data
const errorsOf = async (tenant: Tenant, id: string) => call('GET', `/api/v1/imports/${id}/errors`, { token: tenant.token })

describe('imports: a messy German Excel file', () => {
  it('detects Windows-1252 and semicolons, guesses the mapping and previews rows with their problems', async () => {
    const up = await uploadCsv(acme.token, 'contacts', fixture('kontakte-excel.csv'), 'kontakte.csv')
    expect(up.status, up.text).toBe(201)
    expect(up.body.data).toMatchObject({
      entity: 'contacts', status: 'uploaded', fileName: 'kontakte.csv', encoding: 'windows-1252', delimiter: ';', totalRows: 10, rowsDone: 0,
      headers: ['Vorname', 'Nachname', 'E-Mail', 'Telefon', 'Firma', 'Position', 'Stadt'],
      // "Stadt" has no contact field: left unmapped.
      mapping: { 0: 'firstName', 1: 'lastName', 2: 'email', 3: 'phone', 4: 'company', 5: 'position' },
    })
    const preview = await call('GET', `/api/v1/imports/${up.body.data.id}/preview`, { token: acme.token })
    expect(preview.status, preview.text).toBe(200)
    const rows = preview.body.data.rows as { line: number, valid: boolean, reasons: string[], cells: Record<string, string> }[]
    // The blank row (line 13) is not shown; every other record is, at the line it starts on.
    expect(rows.map(r => [r.line, r.valid])).toEqual([[2, true], [3, true], [5, false], [6, true], [9, true], [10, false], [12, true], [14, false], [15, true]])
    expect(rows[0]!.cells).toEqual({ firstName: 'Jürgen', lastName: 'Müller', email: 'juergen.mueller@example.de', phone: '+49 30 1234567', company: 'Müller & Söhne GmbH', position: 'Geschäftsführer' })
    expect(rows[3]!.cells.position).toBe('Leiterin\nVertrieb "Nord"\nund Süd')
    expect(rows[2]!.reasons).toEqual(['email: must be an email address'])
  })

  it('imports it with the exact report: created, skipped duplicates, rejected lines with reasons', async () => {
    const klaus = await make(acme.token, '/api/v1/contacts', { firstName: 'Klaus', lastName: 'Bestand', email: 'klaus.bestand@example.de' })
    const done = await importCsv(acme.token, 'contacts', fixture('kontakte-excel.csv'), { duplicateMode: 'skip' })
    expect(done).toMatchObject({ status: 'completed', totalRows: 10, rowsDone: 10, createdCount: 4, updatedCount: 0, skippedCount: 2, rejectedCount: 3, failure: null })

    const errors = await errorsOf(acme, done.id)
    expect(errors.status).toBe(200)
    expect(errors.headers.get('content-type')).toContain('text/csv')
    expect(errors.text).toBe([
      'line;reason',
      '5;email: must be an email address',
      '10;firstName: Too small: expected string to have >=1 characters',
      '14;email: must be an email address',
      '',
    ].join('\n'))

    const juergen = await contactsOf(acme, 'juergen.mueller')
    expect(juergen).toHaveLength(1)
    expect(juergen[0]).toMatchObject({ firstName: 'Jürgen', lastName: 'Müller', phone: '+49 30 1234567', position: 'Geschäftsführer', company: { name: 'Müller & Söhne GmbH' } })
    expect((await contactsOf(acme, 'anna.schaefer'))[0]).toMatchObject({ email: 'anna.schaefer@example.de', company: { name: 'Bäckerei Groß' } })
    // "bäckerei groß" finds the company line 3 created, instead of a second one.
    const omer = (await contactsOf(acme, 'omer.celik'))[0]
    expect(omer.company.name).toBe('Bäckerei Groß')
    expect((await contactsOf(acme, 'zoe.oeztuerk'))[0].position).toBe('Leiterin\nVertrieb "Nord"\nund Süd')
    // The existing contact was skipped, not touched.
    expect((await call('GET', `/api/v1/contacts/${klaus.id}`, { token: acme.token })).body.data).toMatchObject({ phone: null, position: null })

    const audit = await call('GET', `/api/v1/audit-logs?entity=import&limit=100`, { token: acme.token })
    const entries = audit.body.data.filter((e: { entityId: string }) => e.entityId === done.id)
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ action: 'import.run', changes: { status: 'completed', created: 4, skipped: 2, rejected: 3, rows: 10 } })

    // Undo: the rows and companies it created are gone, the rest stays.
    const undone = await call('POST', `/api/v1/imports/${done.id}/undo`, { token: acme.token })
    expect(undone.status, undone.text).toBe(200)
    expect(undone.body.data).toMatchObject({ status: 'reverted' })
    expect(await contactsOf(acme, 'juergen.mueller')).toHaveLength(0)
    expect(await contactsOf(acme, 'omer.celik')).toHaveLength(0)
    const companies = await call('GET', `/api/v1/companies?q=${encodeURIComponent('Bäckerei')}`, { token: acme.token })
    expect(companies.body.data).toHaveLength(0)
    expect((await call('GET', `/api/v1/contacts/${klaus.id}`, { token: acme.token })).status).toBe(200)
    expect((await call('POST', `/api/v1/imports/${done.id}/undo`, { token: acme.token })).status).toBe(409)
  })
})

describe('imports: duplicate modes and undo of updates', () => {
  const csv = (email: string) => `\uFEFFE-Mail,First name,Last name,Phone,Tags\n${email},Greta,Neu,030 999,"vip, fair"\n`

  it('update: fills the existing contact (blank cells keep values), and undo restores what it had', async () => {
    const greta = await make(acme.token, '/api/v1/contacts', { firstName: 'Greta', lastName: 'Alt', email: 'greta.update@example.de', position: 'CTO' })
    const done = await importCsv(acme.token, 'contacts', csv('Greta.Update@example.de'), { duplicateMode: 'update' })
    expect(done).toMatchObject({ status: 'completed', encoding: 'utf-8', delimiter: ',', createdCount: 0, updatedCount: 1, skippedCount: 0, rejectedCount: 0 })
    expect((await call('GET', `/api/v1/contacts/${greta.id}`, { token: acme.token })).body.data).toMatchObject({ lastName: 'Neu', phone: '030 999', position: 'CTO', tags: ['vip', 'fair'] })

    expect((await call('POST', `/api/v1/imports/${done.id}/undo`, { token: acme.token })).status).toBe(200)
    expect((await call('GET', `/api/v1/contacts/${greta.id}`, { token: acme.token })).body.data).toMatchObject({ lastName: 'Alt', phone: null, position: 'CTO', tags: [] })
  })

  it('skip leaves the match alone; create adds a second contact with the same email', async () => {
    await make(acme.token, '/api/v1/contacts', { firstName: 'Greta', lastName: 'Modes', email: 'greta.modes@example.de' })
    const skipped = await importCsv(acme.token, 'contacts', csv('greta.modes@example.de'), { duplicateMode: 'skip' })
    expect(skipped).toMatchObject({ createdCount: 0, skippedCount: 1 })
    expect(await contactsOf(acme, 'greta.modes')).toHaveLength(1)
    const created = await importCsv(acme.token, 'contacts', csv('greta.modes@example.de'), { duplicateMode: 'create' })
    expect(created).toMatchObject({ createdCount: 1, skippedCount: 0 })
    expect(await contactsOf(acme, 'greta.modes')).toHaveLength(2)
  })

  it('companies match by name or web domain', async () => {
    const firm = await make(acme.token, '/api/v1/companies', { name: 'Domain Match GmbH', website: 'https://www.domain-match.example' })
    const file = 'Firma;Website;Branche;PLZ;Ort\nAnderer Name AG;domain-match.example/kontakt;Handel;10115;Berlin\nDOMAIN MATCH GMBH;;;;\nGanz Neu KG;ganz-neu.example;IT;80331;München\n'
    const done = await importCsv(acme.token, 'companies', file, { duplicateMode: 'update' })
    expect(done).toMatchObject({ status: 'completed', createdCount: 1, updatedCount: 1, skippedCount: 1, rejectedCount: 0 })
    expect((await call('GET', `/api/v1/companies/${firm.id}`, { token: acme.token })).body.data).toMatchObject({ name: 'Domain Match GmbH', industry: 'Handel', address: { postalCode: '10115', city: 'Berlin' } })
  })

  it('deals: German amounts and dates, stages by name, contacts by email, unknown stages rejected', async () => {
    const contact = await make(acme.token, '/api/v1/contacts', { firstName: 'Deal', lastName: 'Kontakt', email: 'deal.kontakt@example.de' })
    const second = acme.stage.second.name
    const file = `Titel;Wert;Phase;Firma;Kontakt E-Mail;Abschlussdatum\nGroßauftrag;1.234,56;${second};Deal Firma AG;deal.kontakt@example.de;31.12.2026\nKleinauftrag;500;;;;\nUnbekannt;10;Nirgendwo;;;\n`
    const done = await importCsv(acme.token, 'deals', file)
    expect(done).toMatchObject({ status: 'completed', createdCount: 2, rejectedCount: 1 })
    const deals = await call('GET', `/api/v1/deals?contactId=${contact.id}`, { token: acme.token })
    expect(deals.body.data[0]).toMatchObject({ title: 'Großauftrag', value: '1234.56', stageId: acme.stage.second.id, expectedCloseDate: '2026-12-31', company: { name: 'Deal Firma AG' } })
    const errors = await errorsOf(acme, done.id)
    expect(errors.text).toContain('4;"stage: no stage ""Nirgendwo"" in pipeline')
  })
})

describe('imports: rows the database cannot store', () => {
  it('rejects a row with a NUL byte in the preview and the run, and the rest of its batch lands', async () => {
    const t = await newTenant('imports-nul')
    const file = `Vorname;Nachname;E-Mail\nAnna;Vor;anna.vor@nul.example\nNu\u0000ll;Byte;null.byte@nul.example\nBerta;Nach;berta.nach@nul.example\n`
    const up = await uploadCsv(t.token, 'contacts', file)
    expect(up.status, up.text).toBe(201)
    const preview = await call('GET', `/api/v1/imports/${up.body.data.id}/preview`, { token: t.token })
    expect(preview.body.data.rows.map((r: { line: number, valid: boolean }) => [r.line, r.valid])).toEqual([[2, true], [3, false], [4, true]])
    expect(preview.body.data.rows[1].reasons).toEqual(['firstName: must not contain NUL characters'])

    const done = await importCsv(t.token, 'contacts', file)
    expect(done).toMatchObject({ status: 'completed', createdCount: 2, rejectedCount: 1, failure: null })
    expect((await errorsOf(t, done.id)).text).toBe('line;reason\n3;firstName: must not contain NUL characters\n')
    expect((await contactsOf(t, 'nul.example')).map((c: { email: string }) => c.email).sort()).toEqual(['anna.vor@nul.example', 'berta.nach@nul.example'])
  })

  it('rejects a row whose value the database refuses after validation (a date before year 1), with a plain reason, and keeps the batch', async () => {
    const t = await newTenant('imports-range')
    const file = `Titel;Wert;Abschlussdatum\nErster;100;31.12.2026\nNulljahr;200;01.01.0000\nDritter;300;\n`
    const done = await importCsv(t.token, 'deals', file)
    expect(done).toMatchObject({ status: 'completed', createdCount: 2, rejectedCount: 1, failure: null })
    expect((await errorsOf(t, done.id)).text).toBe('line;reason\n3;row: a date is outside the range the database can store\n')
    const deals = await call('GET', '/api/v1/deals?sort=title', { token: t.token })
    expect(deals.body.data.map((d: { title: string }) => d.title)).toEqual(['Dritter', 'Erster'])
    // Undo knows exactly the rows that landed.
    const undone = await call('POST', `/api/v1/imports/${done.id}/undo`, { token: t.token })
    expect(undone.status, undone.text).toBe(200)
    expect((await call('GET', '/api/v1/deals', { token: t.token })).body.meta.total).toBe(0)
  })
})

describe('imports: validation, state machine and isolation', () => {
  it('refuses bad uploads with clear 400s and keeps nothing', async () => {
    expect((await uploadCsv(acme.token, 'contacts', '')).status).toBe(400)
    expect((await uploadCsv(acme.token, 'widgets', 'a,b\n1,2\n')).status).toBe(400)
    expect((await uploadCsv(acme.token, 'contacts', 'a,b\n1,2\n', 'x.csv', 'application/json')).status).toBe(400)
    const broken = await uploadCsv(acme.token, 'contacts', 'Vorname;Nachname\n"Offen;Zitat\n')
    expect(broken.status, broken.text).toBe(400)
    expect(broken.body.error.code).toBe('VALIDATION_ERROR')
  })

  it('takes files above the general body limit, and refuses one over 50 MiB before reading it', async () => {
    // 2.5 MB: more than MAX_BODY_BYTES (1 MiB), which the import route replaces by its own limit.
    const big = ['Vorname;Nachname;E-Mail', ...Array.from({ length: 40_000 }, (_, i) => `Gross${i};Datei;gross.${i}@import.example`)].join('\n')
    const up = await uploadCsv(acme.token, 'contacts', big)
    expect(up.status, up.text).toBe(201)
    expect(up.body.data).toMatchObject({ totalRows: 40_000, sizeBytes: Buffer.byteLength(big) })
    expect((await call('POST', `/api/v1/imports/${up.body.data.id}/cancel`, { token: acme.token })).status).toBe(200)

    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${inject('baseUrl')}/api/v1/imports?entity=contacts`, {
        method: 'POST', headers: { 'authorization': `Bearer ${acme.token}`, 'content-type': 'text/csv', 'content-length': String(50 * 1024 * 1024 + 1) },
      }, (res) => {
        resolve(res.statusCode ?? 0)
        res.resume()
        req.destroy()
      })
      req.on('error', reject)
      req.write('Vorname;Nachname\n')
    })
    expect(status).toBe(413)
  })

  it('keeps a character whole where the parser\'s 64 K pieces meet', async () => {
    // The emoji's first UTF-16 half is the 65,536th character of the text.
    const csv = `Notiz;Vorname;Nachname\n${'x'.repeat(65_535 - 'Notiz;Vorname;Nachname\n;Emo;Ji'.length)};Emo;Ji😀\n`
    expect(csv.charCodeAt(65_535)).toBe(0xD83D)
    const done = await importCsv(acme.token, 'contacts', csv, { mapping: { 1: 'firstName', 2: 'lastName' } })
    expect(done).toMatchObject({ status: 'completed', createdCount: 1 })
    expect((await contactsOf(acme, 'Emo'))[0].lastName).toBe('Ji😀')
  })

  it('checks the mapping against the kind of record and refuses to run twice', async () => {
    const up = await uploadCsv(acme.token, 'contacts', 'Vorname,Nachname\nEva,Klar\n')
    const id = up.body.data.id
    const bad = await call('PUT', `/api/v1/imports/${id}`, { token: acme.token, body: { mapping: { 0: 'firstName', 1: 'title', 5: 'email' } } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['mapping', 'mapping.1', 'mapping.5'])
    expect((await call('POST', `/api/v1/imports/${id}/resume`, { token: acme.token })).status).toBe(409)
    expect((await call('POST', `/api/v1/imports/${id}/run`, { token: acme.token })).status).toBe(202)
    expect(await untilSettled(acme.token, id)).toMatchObject({ status: 'completed', createdCount: 1 })
    expect((await call('POST', `/api/v1/imports/${id}/run`, { token: acme.token })).status).toBe(409)
    expect((await call('PUT', `/api/v1/imports/${id}`, { token: acme.token, body: { mapping: { 0: 'firstName', 1: 'lastName' } } })).status).toBe(409)
  })

  it('another organization sees none of it: 404 on every route', async () => {
    const up = await uploadCsv(acme.token, 'contacts', 'Vorname,Nachname\nIso,Lation\n')
    const id = up.body.data.id
    for (const [method, path] of [['GET', ''], ['GET', '/preview'], ['GET', '/errors'], ['POST', '/run'], ['POST', '/resume'], ['POST', '/cancel'], ['POST', '/undo']] as const) {
      const res = await call(method, `/api/v1/imports/${id}${path}`, { token: other.token })
      expect(res.status, `${method} ${path}`).toBe(404)
    }
    expect((await call('PUT', `/api/v1/imports/${id}`, { token: other.token, body: { mapping: { 0: 'firstName', 1: 'lastName' } } })).status).toBe(404)
    expect((await call('GET', `/api/v1/imports/${UNKNOWN_ID}`, { token: acme.token })).status).toBe(404)
    const list = await call('GET', '/api/v1/imports', { token: other.token })
    expect(list.body.data.map((i: { id: string }) => i.id)).not.toContain(id)
    expect((await call('GET', '/api/v1/imports', { token: acme.token })).body.data.map((i: { id: string }) => i.id)).toContain(id)
  })

  it('cancels an import, and resumes the cancelled one to its end', async () => {
    const up = await uploadCsv(acme.token, 'contacts', 'Vorname,Nachname\nErst,Abgebrochen\n')
    const id = up.body.data.id
    const cancelled = await call('POST', `/api/v1/imports/${id}/cancel`, { token: acme.token })
    expect(cancelled.body.data.status).toBe('cancelled')
    expect((await call('POST', `/api/v1/imports/${id}/run`, { token: acme.token })).status).toBe(409)
    expect((await call('POST', `/api/v1/imports/${id}/resume`, { token: acme.token })).status).toBe(202)
    expect(await untilSettled(acme.token, id)).toMatchObject({ status: 'completed', createdCount: 1, rowsDone: 1 })
    expect(await contactsOf(acme, 'Abgebrochen')).toHaveLength(1)
  })
})
