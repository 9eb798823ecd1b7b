import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { strFromU8, unzipSync } from 'fflate'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { make, newTenant, unique, UNKNOWN_ID, type Tenant } from '../support/crm'
import { call, login } from '../support/http'
import { waitForMails } from '../support/mail-server'

let acme: Tenant
let other: Tenant

beforeAll(async () => {
  [acme, other] = await Promise.all([newTenant('privacy'), newTenant('privacy-other')])
})

/** A binary answer (zip) with its entries decoded as text. */
async function download(path: string, token: string) {
  const res = await fetch(`${inject('baseUrl')}${path}`, { headers: { authorization: `Bearer ${token}` } })
  const bytes = new Uint8Array(await res.arrayBuffer())
  const files = res.status === 200 ? Object.fromEntries(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, strFromU8(data)])) : {}
  return { status: res.status, headers: res.headers, files, text: res.status === 200 ? '' : strFromU8(bytes) }
}

/** A person whose every value is unique to this test, so finding one anywhere is a leak. */
function person(label: string) {
  const tag = unique()
  return {
    firstName: `Quirin${tag}`,
    lastName: `Zwiebelmann${label}${tag}`,
    email: `quirin.${tag}@${label}.example.test`,
    phone: `+49 30 ${Number.parseInt(tag, 16) % 10_000_000}`,
    position: `Einkaufsleitung ${tag}`,
    tags: [`kunde-${tag}`],
  }
}

describe('personal-data export (Art. 15, 20)', () => {
  it('zips every field, the company, deals, activities, consents and audit entries of one person, and no one else', async () => {
    const company = await make(acme.token, '/api/v1/companies', { name: `Export ${unique()} GmbH`, industry: 'Maschinenbau' })
    const subject = await make(acme.token, '/api/v1/contacts', { ...person('export'), companyId: company.id })
    const bystander = await make(acme.token, '/api/v1/contacts', person('bystander'))
    const deal = await make(acme.token, '/api/v1/deals', { title: `Deal ${unique()}`, pipelineId: acme.pipeline.id, contactId: subject.id, value: '1200.50' })
    await make(acme.token, '/api/v1/deals', { title: `Bystander deal ${unique()}`, pipelineId: acme.pipeline.id, contactId: bystander.id })
    const activity = await make(acme.token, '/api/v1/activities', { type: 'call', subject: 'Erstgespräch', note: 'Sehr interessiert', contactId: subject.id })
    await make(acme.token, '/api/v1/activities', { type: 'note', subject: `About ${bystander.lastName}`, contactId: bystander.id })
    const consent = await make(acme.token, `/api/v1/contacts/${subject.id}/consents`, { purpose: 'Newsletter', status: 'granted', source: 'Web form', occurredAt: '2026-01-15T10:00:00Z' })
    await call('PUT', `/api/v1/contacts/${subject.id}`, { token: acme.token, body: { position: 'Geschäftsführung' } })

    const zip = await download(`/api/v1/contacts/${subject.id}/export`, acme.token)
    expect(zip.status).toBe(200)
    expect(zip.headers.get('content-type')).toBe('application/zip')
    expect(zip.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="personal-data-${subject.id}-\\d{4}-\\d{2}-\\d{2}\\.zip"$`))
    expect(Object.keys(zip.files).sort()).toEqual([
      'activities.csv', 'audit-entries.csv', 'company.csv', 'consents.csv', 'contact.csv', 'deals.csv', 'metadata.csv', 'personal-data.json',
    ])
    const data = JSON.parse(zip.files['personal-data.json']!)
    expect(data.meta).toMatchObject({
      format: 'pulse-personal-data/1',
      exportedBy: { id: acme.userId, name: 'Owner privacy' },
      organization: { id: acme.orgId },
      subject: { contactId: subject.id },
    })
    expect(Math.abs(Date.parse(data.meta.exportedAt) - Date.now())).toBeLessThan(60_000)
    expect(data.contact).toEqual({
      id: subject.id, firstName: subject.firstName, lastName: subject.lastName, email: subject.email, phone: subject.phone,
      position: 'Geschäftsführung', companyId: company.id, ownerId: acme.userId, tags: subject.tags,
      createdAt: subject.createdAt, updatedAt: expect.any(String),
    })
    expect(data.company).toMatchObject({ id: company.id, name: company.name, industry: 'Maschinenbau' })
    expect(data.deals.map((d: { id: string }) => d.id)).toEqual([deal.id])
    expect(data.deals[0]).toMatchObject({ value: '1200.50', contactId: subject.id })
    expect(data.activities).toEqual([expect.objectContaining({ id: activity.id, subject: 'Erstgespräch', note: 'Sehr interessiert' })])
    expect(data.consents).toEqual([expect.objectContaining({ id: consent.id, purpose: 'Newsletter', status: 'granted', source: 'Web form', occurredAt: '2026-01-15T10:00:00.000Z' })])
    expect(data.auditEntries.map((e: { action: string }) => e.action)).toEqual(['contact.create', 'contact.consent_grant', 'contact.update'])
    expect(data.auditEntries[2].changes).toEqual({ position: { from: subject.position, to: 'Geschäftsführung' } })

    // The CSV files carry the same rows.
    expect(zip.files['contact.csv']!.split('\r\n')[0]).toBe('id,firstName,lastName,email,phone,position,companyId,ownerId,tags,createdAt,updatedAt')
    // A phone number starting with + would be a formula in a spreadsheet: the CSV quotes it with an apostrophe.
    expect(zip.files['contact.csv']).toContain(`${subject.id},${subject.firstName},${subject.lastName},${subject.email},'${subject.phone}`)
    expect(zip.files['deals.csv']!.trim().split('\r\n')).toHaveLength(2)
    expect(zip.files['consents.csv']).toContain('Newsletter,granted,2026-01-15T10:00:00.000Z,Web form')
    expect(zip.files['audit-entries.csv']!.trim().split('\r\n')).toHaveLength(4)

    // Nothing of the other person is in any file.
    const everything = Object.values(zip.files).join('\n')
    for (const value of [bystander.id, bystander.firstName, bystander.lastName, bystander.email, bystander.phone]) expect(everything).not.toContain(value)
  })

  it('answers 404 for another organization\'s contact and for an unknown id', async () => {
    const theirs = await make(other.token, '/api/v1/contacts', person('theirs'))
    expect((await download(`/api/v1/contacts/${theirs.id}/export`, acme.token)).status).toBe(404)
    const unknown = await call('GET', `/api/v1/contacts/${UNKNOWN_ID}/export`, { token: acme.token })
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.code).toBe('NOT_FOUND')
    expect((await call('GET', '/api/v1/contacts/not-a-uuid/export', { token: acme.token })).status).toBe(400)
  })
})

describe('consent ledger', () => {
  it('appends entries, oldest first, with who recorded them', async () => {
    const contact = await make(acme.token, '/api/v1/contacts', person('consent'))
    const granted = await make(acme.token, `/api/v1/contacts/${contact.id}/consents`, { purpose: 'Newsletter', status: 'granted', source: 'Messe Leipzig', occurredAt: '2026-03-01T09:00:00+01:00' })
    expect(granted).toMatchObject({ contactId: contact.id, purpose: 'Newsletter', status: 'granted', source: 'Messe Leipzig', occurredAt: '2026-03-01T08:00:00.000Z', recordedBy: { id: acme.userId, name: 'Owner privacy' }, recordedByType: 'user' })
    const withdrawn = await make(acme.token, `/api/v1/contacts/${contact.id}/consents`, { purpose: 'Newsletter', status: 'withdrawn', source: 'E-Mail' })
    expect(Math.abs(Date.parse(withdrawn.occurredAt) - Date.now())).toBeLessThan(60_000)
    const list = await call('GET', `/api/v1/contacts/${contact.id}/consents`, { token: acme.token })
    expect(list.status).toBe(200)
    expect(list.body.data.map((c: { id: string }) => c.id)).toEqual([granted.id, withdrawn.id])
    const history = await call('GET', `/api/v1/contacts/${contact.id}/history`, { token: acme.token })
    expect(history.body.data.slice(0, 2).map((e: { action: string }) => e.action)).toEqual(['contact.consent_withdraw', 'contact.consent_grant'])
  })

  it('refuses invalid entries with the field named, and other organizations\' contacts with 404', async () => {
    const contact = await make(acme.token, '/api/v1/contacts', person('consent-bad'))
    const bad = await call('POST', `/api/v1/contacts/${contact.id}/consents`, { token: acme.token, body: { purpose: '', status: 'maybe', source: 'x', occurredAt: '2999-01-01T00:00:00Z', extra: 1 } })
    expect(bad.status).toBe(400)
    expect((bad.body.error.details as { path: string }[]).map(d => d.path).sort()).toEqual(['extra', 'occurredAt', 'purpose', 'status'])
    const theirs = await make(other.token, '/api/v1/contacts', person('consent-theirs'))
    expect((await call('POST', `/api/v1/contacts/${theirs.id}/consents`, { token: acme.token, body: { purpose: 'Newsletter', status: 'granted', source: 'x' } })).status).toBe(404)
    expect((await call('GET', `/api/v1/contacts/${theirs.id}/consents`, { token: acme.token })).status).toBe(404)
  })
})

describe('erasure (Art. 17)', () => {
  it('removes every personal value, keeps deals unlinked, pseudonymises the audit trail and logs the erasure without data', async () => {
    const p = person('erase')
    const fullName = `${p.firstName} ${p.lastName}`
    const contact = await make(acme.token, '/api/v1/contacts', p)
    await call('PUT', `/api/v1/contacts/${contact.id}`, { token: acme.token, body: { phone: `${p.phone}9` } })
    const deal = await make(acme.token, '/api/v1/deals', { title: `Angebot ${fullName}`, pipelineId: acme.pipeline.id, contactId: contact.id })
    const activity = await make(acme.token, '/api/v1/activities', { type: 'meeting', subject: `Termin mit ${p.lastName}`, note: `Privat: ${p.email}`, contactId: contact.id })
    // Not linked, but naming the person: scrubbed as well.
    const mention = await make(acme.token, '/api/v1/activities', { type: 'note', subject: 'Messe', note: `Kontakt zu ${fullName} herstellen` })
    const keyed = await call('POST', `/api/v1/contacts/${contact.id}/consents`, {
      token: acme.token, headers: { 'idempotency-key': `consent-${unique()}` }, body: { purpose: 'Newsletter', status: 'granted', source: 'Web form' },
    })
    expect(keyed.status).toBe(201)
    const keep = await make(acme.token, '/api/v1/contacts', person('keep'))
    // Someone else of the same first name, and a note that names only that first name: not about the person.
    const namesake = await make(acme.token, '/api/v1/contacts', { ...person('namesake'), firstName: p.firstName })
    const firstNameOnly = await make(acme.token, '/api/v1/activities', { type: 'note', subject: `Anruf ${p.firstName}`, contactId: namesake.id })

    const erased = await call('POST', `/api/v1/contacts/${contact.id}/erase`, { token: acme.token, body: { reason: `Antrag von ${fullName} per E-Mail` } })
    expect(erased.status, erased.text).toBe(200)
    expect(erased.body.data).toMatchObject({ contactId: contact.id, reason: 'Antrag von [erased] per E-Mail', summary: { activities: 1, deals: 1, consents: 1 } })

    expect((await call('GET', `/api/v1/contacts/${contact.id}`, { token: acme.token })).status).toBe(404)
    const dealAfter = (await call('GET', `/api/v1/deals/${deal.id}`, { token: acme.token })).body.data
    expect(dealAfter).toMatchObject({ contactId: null, contact: null, title: 'Angebot [erased]' })
    expect((await call('GET', `/api/v1/activities/${activity.id}`, { token: acme.token })).body.data).toMatchObject({ contactId: null, subject: '[erased]', note: null })
    expect((await call('GET', `/api/v1/activities/${mention.id}`, { token: acme.token })).body.data).toMatchObject({ note: 'Kontakt zu [erased] herstellen' })
    expect((await call('GET', `/api/v1/contacts/${keep.id}`, { token: acme.token })).body.data).toMatchObject({ firstName: keep.firstName, email: keep.email })

    // The events stay, their values do not; the erasure entry names no erased value.
    const audit = await call('GET', `/api/v1/audit-logs?entity=contact&entityId=${contact.id}&limit=100`, { token: acme.token })
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual(['contact.erase', 'contact.consent_grant', 'contact.update', 'contact.create'])
    expect(audit.body.data[0].changes).toEqual(Object.fromEntries(Object.entries({
      reason: 'Antrag von [erased] per E-Mail', activities: 1, deals: 1, consents: 1, otherDealTitles: 0, otherActivityTexts: 1, idempotentAnswers: 1, notificationTitles: 0,
    }).map(([field, to]) => [field, { from: null, to }])))
    expect(audit.body.data[2].changes).toEqual({ phone: { from: '[erased]', to: '[erased]' } })
    const activityAudit = await call('GET', `/api/v1/audit-logs?entity=activity&entityId=${activity.id}`, { token: acme.token })
    expect(JSON.stringify(activityAudit.body.data)).not.toContain(p.lastName)
    const dealAudit = await call('GET', `/api/v1/audit-logs?entity=deal&entityId=${deal.id}`, { token: acme.token })
    expect(dealAudit.body.data[0].changes.title).toEqual({ from: null, to: 'Angebot [erased]' })

    const entries = (await call('GET', '/api/v1/audit-logs?limit=100', { token: acme.token })).body.data as { entityId: string }[]
    const aboutNamesake = (e: { entityId: string }) => e.entityId === namesake.id || e.entityId === firstNameOnly.id
    const everything = JSON.stringify(entries.filter(e => !aboutNamesake(e)))
    for (const value of [p.firstName, p.lastName, p.email, p.phone, p.position, p.tags[0]!]) expect(everything).not.toContain(value)
    // The namesake keeps their name, in the record and in its history.
    expect((await call('GET', `/api/v1/contacts/${namesake.id}`, { token: acme.token })).body.data.firstName).toBe(p.firstName)
    expect((await call('GET', `/api/v1/activities/${firstNameOnly.id}`, { token: acme.token })).body.data.subject).toBe(`Anruf ${p.firstName}`)
    expect(JSON.stringify(entries.filter(aboutNamesake))).toContain(p.firstName)
    const found = await call('GET', `/api/v1/search?q=${encodeURIComponent(p.lastName)}`, { token: acme.token })
    expect(found.status).toBe(200)
    expect(found.text).not.toContain(contact.id)
    expect(found.text).not.toContain(p.lastName)

    const log = await call('GET', '/api/v1/privacy/erasures', { token: acme.token })
    expect(log.body.data[0]).toMatchObject({ contactId: contact.id, erasedBy: { id: acme.userId }, actorType: 'user', reason: 'Antrag von [erased] per E-Mail' })

    // The stored answer of the keyed POST held the person: it is gone, so a retry runs afresh (and finds no contact).
    const again = await call('POST', `/api/v1/contacts/${contact.id}/erase`, { token: acme.token, body: { reason: 'noch einmal' } })
    expect(again.status).toBe(409)
    expect(again.body.error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^This contact was already erased on \d{4}-/) })
  })

  it.skipIf(!inject('databaseUrl'))('leaves none of the erased values in a pg_dump of the database', async () => {
    const p = person('dump')
    const contact = await make(acme.token, '/api/v1/contacts', { ...p, position: `Dumpster ${unique()}` })
    await make(acme.token, '/api/v1/deals', { title: `Projekt ${p.lastName}`, pipelineId: acme.pipeline.id, contactId: contact.id })
    await make(acme.token, '/api/v1/activities', { type: 'call', subject: `Rückruf ${p.firstName}`, note: `Telefon ${p.phone}`, contactId: contact.id })
    await make(acme.token, `/api/v1/contacts/${contact.id}/consents`, { purpose: 'Newsletter', status: 'granted', source: 'Web form' })
    await call('PUT', `/api/v1/contacts/${contact.id}`, { token: acme.token, body: { email: `neu.${p.email}` } })
    const values = [p.firstName, p.lastName, p.email, p.phone, contact.position, p.tags[0]!]
    // A CSV upload naming the person, waiting to be run.
    const upload = await call('POST', '/api/v1/imports?entity=contacts&fileName=messe.csv', {
      token: acme.token, headers: { 'content-type': 'text/csv' }, raw: `Vorname;Nachname;E-Mail\n${p.firstName};${p.lastName};${p.email}\n`,
    })
    expect(upload.status, upload.text).toBe(201)

    const dump = async () => (await promisify(execFile)('pg_dump', ['--no-owner', inject('databaseUrl')], { maxBuffer: 1024 * 1024 * 1024 })).stdout
    // bytea (uploaded files) is dumped as hex: look for that spelling too.
    const hex = (value: string) => Buffer.from(value, 'utf8').toString('hex')
    const before = await dump()
    for (const value of values) expect(before).toContain(value)
    expect(before).toContain(hex(p.email))

    expect((await call('POST', `/api/v1/contacts/${contact.id}/erase`, { token: acme.token, body: { reason: 'Art. 17 request' } })).status).toBe(200)
    const after = await dump()
    for (const value of values) {
      expect(after, value).not.toContain(value)
      expect(after, `${value} in hex`).not.toContain(hex(value))
    }
    expect(after).toContain('Art. 17 request')
    // The file went; the import says why and cannot run without a new upload.
    const pending = await call('GET', `/api/v1/imports/${upload.body.data.id}`, { token: acme.token })
    expect(pending.body.data).toMatchObject({ status: 'failed', failure: expect.stringContaining('data erasure') })
    expect((await call('POST', `/api/v1/imports/${upload.body.data.id}/resume`, { token: acme.token })).status).toBe(409)
  })

  it('is for admins and owners, and answers 404 across organizations', async () => {
    const theirs = await make(other.token, '/api/v1/contacts', person('erase-theirs'))
    const res = await call('POST', `/api/v1/contacts/${theirs.id}/erase`, { token: acme.token, body: { reason: 'not mine' } })
    expect(res.status).toBe(404)
    expect((await call('GET', `/api/v1/contacts/${theirs.id}`, { token: other.token })).status).toBe(200)
    const bad = await call('POST', `/api/v1/contacts/${theirs.id}/erase`, { token: acme.token, body: {} })
    expect(bad.status).toBe(400)
    expect(bad.body.error.details).toEqual([{ path: 'reason', message: expect.any(String) }])
  })
})

describe('retention rules', () => {
  it('previews exactly what a rule would delete, then deletes exactly that, and records both runs', async () => {
    const tenant = await newTenant('retention')
    const old = await make(tenant.token, '/api/v1/activities', { type: 'task', subject: 'Alte Aufgabe', note: 'längst erledigt', completedAt: '2020-01-15T10:00:00Z' })
    const older = await make(tenant.token, '/api/v1/activities', { type: 'call', subject: 'Uralter Anruf', completedAt: '2019-05-01T10:00:00Z' })
    const recent = await make(tenant.token, '/api/v1/activities', { type: 'task', subject: 'Neue Aufgabe', completedAt: new Date().toISOString() })
    const open = await make(tenant.token, '/api/v1/activities', { type: 'task', subject: 'Offen' })

    expect((await call('POST', '/api/v1/privacy/retention-runs', { token: tenant.token, body: { kind: 'activities_completed', dryRun: true } })).status).toBe(404)
    const rule = await call('PUT', '/api/v1/privacy/retention-rules/activities_completed', { token: tenant.token, body: { months: 12 } })
    expect(rule.status).toBe(200)
    expect(rule.body.data).toMatchObject({ kind: 'activities_completed', months: 12, enabled: true, lastRunAt: null })

    const dry = await call('POST', '/api/v1/privacy/retention-runs', { token: tenant.token, body: { kind: 'activities_completed', dryRun: true } })
    expect(dry.status).toBe(201)
    expect(dry.body.data.items.map((i: { id: string }) => i.id)).toEqual([older.id, old.id])
    expect(dry.body.data.items[0]).toEqual({ id: older.id, label: 'Uralter Anruf', lastActivityAt: '2019-05-01T10:00:00.000Z' })
    expect(dry.body.data.run).toMatchObject({ kind: 'activities_completed', months: 12, dryRun: true, trigger: 'manual', affected: 2, actor: { id: tenant.userId } })
    expect((await call('GET', `/api/v1/activities/${old.id}`, { token: tenant.token })).status).toBe(200)

    const real = await call('POST', '/api/v1/privacy/retention-runs', { token: tenant.token, body: { kind: 'activities_completed', dryRun: false } })
    expect(real.status).toBe(201)
    expect(real.body.data.items.map((i: { id: string }) => i.id)).toEqual([older.id, old.id])
    for (const gone of [old, older]) expect((await call('GET', `/api/v1/activities/${gone.id}`, { token: tenant.token })).status).toBe(404)
    for (const kept of [recent, open]) expect((await call('GET', `/api/v1/activities/${kept.id}`, { token: tenant.token })).status).toBe(200)
    const oldAudit = await call('GET', `/api/v1/audit-logs?entity=activity&entityId=${old.id}`, { token: tenant.token })
    expect(oldAudit.body.data[0]).toMatchObject({ action: 'activity.create', changes: { subject: { from: null, to: '[erased]' }, note: { from: null, to: '[erased]' } } })

    const runs = await call('GET', '/api/v1/privacy/retention-runs', { token: tenant.token })
    expect(runs.body.meta.total).toBe(2)
    expect(runs.body.data.map((r: { dryRun: boolean, affected: number }) => [r.dryRun, r.affected])).toEqual([[false, 2], [true, 2]])
    const rules = await call('GET', '/api/v1/privacy/retention-rules', { token: tenant.token })
    expect(Date.parse(rules.body.data[0].lastRunAt)).not.toBeNaN()

    // Nothing is left to delete: a second real run concerns no record.
    const second = await call('POST', '/api/v1/privacy/retention-runs', { token: tenant.token, body: { kind: 'activities_completed', dryRun: false } })
    expect(second.body.data).toMatchObject({ items: [], run: { affected: 0 } })
  })

  it('validates rules and removes them', async () => {
    const bad = await call('PUT', '/api/v1/privacy/retention-rules/contacts_inactive', { token: acme.token, body: { months: 0, enabled: 'yes' } })
    expect(bad.status).toBe(400)
    expect((bad.body.error.details as { path: string }[]).map(d => d.path).sort()).toEqual(['enabled', 'months'])
    expect((await call('PUT', '/api/v1/privacy/retention-rules/everything', { token: acme.token, body: { months: 3 } })).status).toBe(400)
    const made = await call('PUT', '/api/v1/privacy/retention-rules/contacts_inactive', { token: acme.token, body: { months: 36, enabled: false } })
    expect(made.body.data).toMatchObject({ kind: 'contacts_inactive', months: 36, enabled: false })
    // No contact of this organization is three years old: the preview lists none.
    const dry = await call('POST', '/api/v1/privacy/retention-runs', { token: acme.token, body: { kind: 'contacts_inactive', dryRun: true } })
    expect(dry.body.data.items).toEqual([])
    expect((await call('DELETE', '/api/v1/privacy/retention-rules/contacts_inactive', { token: acme.token })).status).toBe(200)
    expect((await call('DELETE', '/api/v1/privacy/retention-rules/contacts_inactive', { token: acme.token })).status).toBe(404)
    expect((await call('GET', '/api/v1/privacy/retention-rules', { token: other.token })).body.data).toEqual([])
  })
})

describe('organization export and scheduled deletion', () => {
  it('streams every table of the organization as JSON and CSV, without secrets or other organizations\' rows', async () => {
    const tenant = await newTenant('orgexport')
    const contact = await make(tenant.token, '/api/v1/contacts', person('orgexport'))
    const theirs = await make(other.token, '/api/v1/contacts', person('orgexport-theirs'))
    const zip = await download('/api/v1/organization/export', tenant.token)
    expect(zip.status).toBe(200)
    expect(zip.headers.get('content-type')).toBe('application/zip')
    const names = Object.keys(zip.files)
    expect(names[0]).toBe('organization.json')
    for (const table of ['users', 'companies', 'contacts', 'pipelines', 'deals', 'activities', 'consents', 'audit_logs']) {
      expect(names).toContain(`${table}.json`)
      expect(names).toContain(`${table}.csv`)
    }
    expect(JSON.parse(zip.files['organization.json']!).organization.id).toBe(tenant.orgId)
    expect(JSON.parse(zip.files['contacts.json']!)).toEqual([expect.objectContaining({ id: contact.id, email: contact.email })])
    expect(zip.files['contacts.csv']!.trim().split('\r\n')).toHaveLength(2)
    const users = JSON.parse(zip.files['users.json']!)
    expect(users).toHaveLength(1)
    expect(Object.keys(users[0])).not.toContain('passwordHash')
    const everything = Object.values(zip.files).join('\n')
    expect(everything).not.toContain('$argon2')
    expect(everything).not.toContain(theirs.id)
  })

  it('schedules the deletion with a grace period, mails the owner, shows it and cancels it', async () => {
    const tenant = await newTenant('orgdelete')
    const org = (await call('GET', '/api/v1/organization', { token: tenant.token })).body.data
    const me = (await call('GET', '/api/v1/auth/me', { token: tenant.token })).body.data
    expect((await call('GET', '/api/v1/organization/deletion', { token: tenant.token })).body.data).toEqual({ scheduled: null, graceDays: 30 })
    const wrong = await call('POST', '/api/v1/organization/deletion', { token: tenant.token, body: { confirmName: 'nope' } })
    expect(wrong.status).toBe(400)
    expect(wrong.body.error.details).toEqual([{ path: 'confirmName', message: 'does not match the organization\'s name' }])

    const scheduled = await call('POST', '/api/v1/organization/deletion', { token: tenant.token, body: { confirmName: org.name } })
    expect(scheduled.status).toBe(201)
    const { executeAfter, requestedBy } = scheduled.body.data.scheduled
    expect(requestedBy).toEqual({ id: tenant.userId, name: 'Owner orgdelete' })
    expect(Date.parse(executeAfter) - Date.now()).toBeGreaterThan(29 * 86_400_000)
    expect(Date.parse(executeAfter) - Date.now()).toBeLessThan(31 * 86_400_000)
    expect((await call('GET', '/api/v1/organization/deletion', { token: tenant.token })).body.data.scheduled.executeAfter).toBe(executeAfter)
    expect((await call('POST', '/api/v1/organization/deletion', { token: tenant.token, body: { confirmName: org.name } })).status).toBe(409)

    const [mail] = await waitForMails(inject('mailServerUrl'), me.user?.email ?? me.email)
    expect(mail!.subject).toContain(org.name)
    expect(mail!.text).toMatch(/\/settings\/privacy\n/)

    expect((await call('DELETE', '/api/v1/organization/deletion', { token: tenant.token })).body.data).toEqual({ scheduled: null, graceDays: 30 })
    expect((await call('DELETE', '/api/v1/organization/deletion', { token: tenant.token })).status).toBe(404)
    expect((await call('GET', '/api/v1/organization', { token: tenant.token })).status).toBe(200)
    const audit = await call('GET', '/api/v1/audit-logs?entity=organization', { token: tenant.token })
    expect(audit.body.data.slice(0, 2).map((e: { action: string }) => e.action)).toEqual(['organization.deletion_cancel', 'organization.deletion_schedule'])
  })
})

describe('roles on the demo organization', () => {
  it('lets members record consent but only admins export and erase', async () => {
    const member = await login('julia.weiss@pulse.test')
    const contact = await make(member, '/api/v1/contacts', person('roles'))
    expect((await call('POST', `/api/v1/contacts/${contact.id}/consents`, { token: member, body: { purpose: 'Newsletter', status: 'granted', source: 'Telefon' } })).status).toBe(201)
    expect((await call('GET', `/api/v1/contacts/${contact.id}/export`, { token: member })).status).toBe(403)
    expect((await call('POST', `/api/v1/contacts/${contact.id}/erase`, { token: member, body: { reason: 'test' } })).status).toBe(403)
    expect((await call('GET', '/api/v1/organization/export', { token: await login('stefan.koehler@pulse.test') })).status).toBe(403)
  })
})
