import fc from 'fast-check'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { make, newTenant, type Tenant } from '../support/crm'
import { call } from '../support/http'
import { documentedOperations, fillPath, operationName, report, scaled, type Operation } from './support'

// Robustness: every documented endpoint, fed generated invalid input (wrong types, huge
// strings, deep JSON, unicode edge cases, invalid UTF-8, extreme numbers, malformed ids,
// wrong content types, empty and oversized bodies), answers a 4xx in the error envelope
// (or a success, where the input happens to be acceptable), never a 5xx or a stack trace,
// and the server stays healthy throughout.

interface Sent { method: string, path: string, contentType?: string, body?: string | Uint8Array<ArrayBuffer> }
interface Received { status: number, contentType: string, text: string }

async function send({ method, path, contentType, body }: Sent, token?: string): Promise<Received> {
  const headers: Record<string, string> = {}
  if (token) headers.authorization = `Bearer ${token}`
  if (contentType) headers['content-type'] = contentType
  const res = await fetch(`${inject('baseUrl')}${path}`, { method, headers, body, redirect: 'manual' })
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() }
}

/** Traces of internals that must never reach a client. */
const INTERNALS = [/\bat [\w.<>]+ \(.*:\d+:\d+\)/, /node_modules/, /\.output\//, /\bSELECT\b.*\bFROM\b/i, /syntax error at or near/]

function assertHandled(res: Received, what: string): void {
  expect(res.status, `${what} → ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500)
  for (const pattern of INTERNALS) expect(res.text, `${what} leaked internals`).not.toMatch(pattern)
  if (res.status >= 400) {
    expect(res.contentType, what).toContain('application/json')
    const body = JSON.parse(res.text) as { error?: { code?: unknown, message?: unknown } }
    expect(typeof body.error?.code, `${what}: not the error envelope: ${res.text.slice(0, 300)}`).toBe('string')
    expect(typeof body.error?.message, what).toBe('string')
  }
}

const UNICODE = ['\u0000', '\uD800', '\uDFFF', '\u202E', '\uFEFF', '👩‍👩‍👧‍👦', 'ﷺ', 'Z̸̢̛͉͎̈́a̵l̴g̷o', '\u0085', '\u2028']
const shortJunk = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...UNICODE, '', ' ', '../../etc/passwd', '%00', 'null', 'undefined', 'NaN', '-1', '1e309', '0x10', '\'; drop table contacts; --', '<script>alert(1)</script>', '{{7*7}}', '${7*7}'),
)
/** Long strings: up to 300 KB in bodies; in a URL up to 4 KB (Node refuses request heads over 16 KB before the app, see below). */
const junkString = fc.oneof(shortJunk, fc.integer({ min: 1000, max: 300_000 }).map(n => 'x'.repeat(n)))
const queryJunk = fc.oneof(shortJunk, fc.integer({ min: 200, max: 4000 }).map(n => 'q'.repeat(n)))
const junkNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-1, 0, 2 ** 53 + 1, -(2 ** 63), 1e308, -1e308, 5e-324))
const junkValue = fc.oneof(junkString, junkNumber, fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 3 }), fc.array(junkString, { maxLength: 5 }))
const malformedId = fc.oneof(
  fc.uuid().map(u => u.slice(0, -1)),
  fc.uuid().map(u => `${u}0`),
  fc.uuid().map(u => u.toUpperCase().replace(/-/g, '')),
  fc.uuid().map(u => `${u}' or '1'='1`),
  queryJunk.filter(s => s.length > 0),
)

/** A deep JSON document built as text: the parser must refuse or survive it. */
const deepJson = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`

/** Bodies that are wrong as a whole, sent to every operation that reads one. */
const RAW_BODIES: { label: string, contentType?: string, body?: string | Uint8Array<ArrayBuffer>, mayPass?: true }[] = [
  { label: 'empty body', contentType: 'application/json', body: '', mayPass: true },
  { label: 'no body', contentType: undefined, body: undefined, mayPass: true },
  { label: 'not JSON', contentType: 'application/json', body: 'name=value&x=1' },
  { label: 'truncated JSON', contentType: 'application/json', body: '{"name": "x' },
  { label: 'JSON null', contentType: 'application/json', body: 'null' },
  { label: 'JSON array', contentType: 'application/json', body: '[1,2,3]' },
  { label: 'JSON string', contentType: 'application/json', body: '"text"' },
  { label: 'deep array', contentType: 'application/json', body: deepJson(100_000) },
  { label: 'deep object', contentType: 'application/json', body: deepObject(20_000) },
  { label: 'invalid UTF-8', contentType: 'application/json', body: new Uint8Array([0x7B, 0x22, 0x6E, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0xC3, 0x28, 0xE2, 0x82, 0x22, 0x7D]) },
  { label: 'BOM and NUL', contentType: 'application/json', body: '\uFEFF{"name":"a\\u0000b"}' },
  { label: 'prototype pollution', contentType: 'application/json', body: '{"__proto__":{"role":"owner","isAdmin":true},"constructor":{"prototype":{"role":"owner"}}}' },
  { label: 'huge number', contentType: 'application/json', body: `{"value": 1${'0'.repeat(400)}}` },
  { label: 'oversized', contentType: 'application/json', body: `{"name":"${'x'.repeat(1_100_000)}"}` },
  { label: 'text/plain', contentType: 'text/plain', body: '{"name":"x"}' },
  { label: 'form', contentType: 'application/x-www-form-urlencoded', body: 'name=x&role=owner' },
  { label: 'multipart', contentType: 'multipart/form-data; boundary=zzz', body: '--zzz\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--zzz--' },
  { label: 'xml', contentType: 'application/xml', body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>' },
  // JSON is UTF-8 whatever the label says (RFC 8259 §8.1); these bytes are UTF-8, so a route taking `name` may accept it.
  { label: 'charset latin1', contentType: 'application/json; charset=latin1', body: '{"name":"\u00E9"}', mayPass: true },
]

let owner: Tenant
let ownIds: Record<string, string>
let operations: Operation[]
const counts = { generated: 0, raw: 0, healthChecks: 0, successes: 0 }

beforeAll(async () => {
  owner = await newTenant('fuzz')
  const t = owner.token
  const company = await make(t, '/api/v1/companies', { name: 'Fuzz Company' })
  const contact = await make(t, '/api/v1/contacts', { firstName: 'Fuzz', lastName: 'Target', companyId: company.id })
  const deal = await make(t, '/api/v1/deals', { title: 'Fuzz deal', pipelineId: owner.pipeline.id, contactId: contact.id })
  const activity = await make(t, '/api/v1/activities', { type: 'task', subject: 'Fuzz task', contactId: contact.id })
  const upload = await call('POST', '/api/v1/imports?entity=contacts', { token: t, raw: 'Vorname;Nachname\nFuzz;Import\n', headers: { 'content-type': 'text/csv' } })
  expect(upload.status, upload.text).toBe(201)
  ownIds = { contacts: contact.id, companies: company.id, deals: deal.id, activities: activity.id, pipelines: owner.pipeline.id, members: owner.userId, imports: upload.body.data.id }
  operations = await documentedOperations()
}, 120_000)

/** Runs a property; a counterexample with a 300 KB string is cut short in the failure message. */
async function briefly<T>(property: fc.IAsyncProperty<T>, numRuns: number): Promise<void> {
  const details = await fc.check(property, { numRuns, endOnFailure: true })
  if (details.failed) {
    const example = JSON.stringify(details.counterexample).slice(0, 2000)
    throw new Error(`property failed (seed ${details.seed}) on ${example}\n${String(details.errorInstance).slice(0, 3000)}`)
  }
}

/** A valid id of the caller's own for the path (so the body is what gets checked), or a malformed one. */
const pathIdFor = (op: Operation) => ownIds[op.path.split('/')[3] ?? '']

async function healthy(): Promise<void> {
  counts.healthChecks++
  const [health, ready] = await Promise.all([call('GET', '/api/health'), call('GET', '/api/ready')])
  expect(health.status, 'server unhealthy after fuzzing').toBe(200)
  expect(ready.status, 'server not ready after fuzzing').toBe(200)
}

/**
 * A DELETE with a valid id of the caller's own is a valid request that removes the
 * record (and, for a member or key, the caller's access): DELETE paths only get malformed ids.
 */
const mayUseValidId = (op: Operation) => op.method !== 'delete'

describe('fuzzing every endpoint', () => {
  it('generated invalid paths, queries and bodies always get a 4xx envelope (or a success), never a 5xx', async () => {
    for (const op of operations) {
      const name = operationName(op)
      const queryNames = op.parameters.filter(p => p.in === 'query').map(p => p.name)
      const fields = op.bodyFields.length ? op.bodyFields : ['name', 'id']
      const arb = fc.record({
        id: mayUseValidId(op) && pathIdFor(op) ? fc.oneof(fc.constant(pathIdFor(op)!), malformedId) : malformedId,
        // The retention rule paths name a kind, not an id: a valid one or junk.
        kind: fc.oneof(fc.constantFrom('contacts_inactive', 'activities_completed'), shortJunk),
        query: fc.array(fc.tuple(fc.constantFrom(...queryNames, 'unknown', 'sort', 'limit', 'page'), fc.oneof(queryJunk, junkNumber.map(String))), { maxLength: 4 }),
        body: fc.oneof(
          fc.dictionary(fc.constantFrom(...fields), junkValue, { maxKeys: fields.length }),
          fc.jsonValue({ maxDepth: 4 }),
        ),
      })
      await briefly(fc.asyncProperty(arb, async ({ id, kind, query, body }) => {
        const search = new URLSearchParams(query).toString()
        const path = `${fillPath(op.path, { id, kind })}${search ? `?${search}` : ''}`
        const sent: Sent = { method: op.method.toUpperCase(), path }
        if (op.hasBody) Object.assign(sent, { contentType: 'application/json', body: JSON.stringify(body) })
        const res = await send(sent, op.secured ? owner.token : undefined)
        counts.generated++
        if (res.status < 300) counts.successes++
        assertHandled(res, `${name} ${path.slice(0, 200)} ${String(sent.body ?? '').slice(0, 200)}`)
      }), scaled(12, 150))
      await healthy()
    }
  }, 900_000)

  it('bodies that are wrong as a whole (deep, invalid UTF-8, oversized, wrong content type...) get a 4xx envelope', async () => {
    for (const op of operations.filter(o => o.hasBody)) {
      const id = mayUseValidId(op) ? pathIdFor(op) ?? '01900000-0000-7000-8000-000000000000' : '01900000-0000-7000-8000-000000000000'
      for (const raw of RAW_BODIES) {
        const res = await send({ method: op.method.toUpperCase(), path: fillPath(op.path, { id }), contentType: raw.contentType, body: raw.body }, op.secured ? owner.token : undefined)
        counts.raw++
        assertHandled(res, `${operationName(op)} with ${raw.label}`)
        if (!raw.mayPass) expect(res.status, `${operationName(op)} accepted ${raw.label}`).toBeGreaterThanOrEqual(400)
      }
      await healthy()
    }
    // Percent-encodings that decode to no valid UTF-8, or do not decode at all.
    for (const id of ['%ED%A0%80', '%FF%FE', '%', '%E0%A4%A', '%00', '..%2F..%2Fetc%2Fpasswd']) {
      const res = await send({ method: 'GET', path: `/api/v1/contacts/${id}` }, owner.token)
      counts.generated++
      assertHandled(res, `GET /api/v1/contacts/${id}`)
      expect(res.status, id).toBeGreaterThanOrEqual(400)
    }
    // A request head over Node's 16 KB limit never reaches the app: Node answers 431 itself and the server carries on.
    const long = await send({ method: 'GET', path: `/api/v1/contacts?q=${'x'.repeat(20_000)}` }, owner.token)
    expect(long.status).toBe(431)
    await healthy()
    report('fuzzing: generated invalid input on every endpoint', { operations: operations.length, generatedRequests: counts.generated, wholeBodyRequests: counts.raw, acceptedAsValid: counts.successes, healthChecks: counts.healthChecks },
      'no 5xx, every refusal in the error envelope, no stack trace or SQL in any answer, health and readiness 200 after every endpoint')
  }, 900_000)
})
