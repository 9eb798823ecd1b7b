import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { make, newTenant, unique, type Tenant } from '../support/crm'
import { call, type Answer } from '../support/http'
import { documentedOperations, fillPath, operationName, report, scaled, type Operation } from './support'

// OWASP API1/API3/API5 across tenants, for every documented /api/v1 operation: organization
// A, with the ids of organization B's records in paths, bodies and query filters (and extra
// fields nobody may set), never reads, changes or reveals anything of B.

/** `stage` is a stage of `pipeline` (which holds no deals); `dealStage` one of the pipeline `deal` is in. */
type Kind = 'company' | 'contact' | 'deal' | 'activity' | 'pipeline' | 'stage' | 'dealStage' | 'user' | 'apiKey' | 'invitation' | 'import' | 'notification'

/** One organization's records, each named with the organization's marker so a leak is visible in any answer. */
interface World {
  tenant: Tenant
  marker: string
  /** A read_write API key of the organization. */
  key: string
  ids: Record<Kind, string>
}

async function populate(label: string): Promise<World> {
  const tenant = await newTenant(label)
  const marker = `${label}${unique()}`
  const t = tenant.token
  const company = await make(t, '/api/v1/companies', { name: `${marker} Company`, website: `${marker}.example`, ownerId: tenant.userId })
  const contact = await make(t, '/api/v1/contacts', { firstName: marker, lastName: 'Person', email: `${marker}@example.test`, companyId: company.id, tags: [marker] })
  const deal = await make(t, '/api/v1/deals', { title: `${marker} Deal`, value: '1234.50', pipelineId: tenant.pipeline.id, contactId: contact.id, companyId: company.id })
  const activity = await make(t, '/api/v1/activities', { type: 'call', subject: `${marker} call`, note: `${marker} secret note`, contactId: contact.id, dealId: deal.id })
  const pipeline = await make(t, '/api/v1/pipelines', { name: `${marker} Pipeline`, stages: [{ name: 'Open', probability: 10, kind: 'open' }, { name: 'Won', probability: 100, kind: 'won' }] })
  const key = await make(t, '/api/v1/api-keys', { name: `${marker} key`, scope: 'read_write' })
  const invitation = await make(t, '/api/v1/invitations', { email: `${marker}-invitee@example.test`, role: 'member' })
  const upload = await call('POST', `/api/v1/imports?entity=contacts&fileName=${marker}.csv`, { token: t, raw: `Vorname;Nachname\n${marker};Import\n`, headers: { 'content-type': 'text/csv' } })
  expect(upload.status, upload.text).toBe(201)
  // A finished import notifies whoever ran it: the organization's one notification.
  const run = await call('POST', `/api/v1/imports?entity=contacts&fileName=${marker}-run.csv`, { token: t, raw: `Vorname;Nachname\n${marker};Lauf\n`, headers: { 'content-type': 'text/csv' } })
  expect((await call('POST', `/api/v1/imports/${run.body.data.id}/run`, { token: t })).status).toBe(202)
  let notification: string | undefined
  for (let i = 0; i < 100 && !notification; i++) {
    notification = (await call('GET', '/api/v1/notifications', { token: t })).body.data[0]?.id
    if (!notification) await new Promise(resolve => setTimeout(resolve, 100))
  }
  expect(notification, 'the import finished and notified its runner').toBeDefined()
  return {
    tenant,
    marker,
    key: key.key,
    ids: {
      company: company.id, contact: contact.id, deal: deal.id, activity: activity.id, pipeline: pipeline.id, stage: pipeline.stages[0].id,
      dealStage: tenant.stage.second.id, user: tenant.userId, apiKey: key.id, invitation: invitation.id, import: upload.body.data.id, notification: notification!,
    },
  }
}

/** The kind of record a path's `{id}` names, from the collection before it. */
const PATH_KINDS: Record<string, Kind> = {
  'contacts': 'contact', 'companies': 'company', 'deals': 'deal', 'activities': 'activity', 'pipelines': 'pipeline',
  'members': 'user', 'invitations': 'invitation', 'api-keys': 'apiKey', 'imports': 'import', 'notifications': 'notification',
}
/** Query filters that name a record, by parameter name. `entityId` names any kind. */
const QUERY_KINDS: Record<string, Kind | 'any'> = {
  companyId: 'company', contactId: 'contact', dealId: 'deal', pipelineId: 'pipeline', stageId: 'stage',
  ownerId: 'user', actorId: 'user', entityId: 'any',
}

/** Body fields that name a record, by name: a new route's `contactId` is crossed without a line here. */
const FIELD_KINDS: Record<string, Kind> = {
  companyId: 'company', contactId: 'contact', dealId: 'deal', pipelineId: 'pipeline', stageId: 'stage', ownerId: 'user', userId: 'user',
}

/**
 * Where the route's declared example body names a record: a field of FIELD_KINDS, an
 * element of `ids` or `mergeIds` (records of the path's collection) or a stage's `id` in `stages`. A
 * `stageId` without a `pipelineId` beside it names a stage of the path's deal's pipeline.
 */
interface RefSlot { path: (string | number)[], kind: Kind }
function refSlots(op: Operation): RefSlot[] {
  const slots: RefSlot[] = []
  const walk = (value: unknown, path: (string | number)[], siblings: Record<string, unknown>) => {
    const key = path.at(-1)
    if (typeof value === 'string' && typeof key === 'string' && key in FIELD_KINDS) {
      slots.push({ path, kind: key === 'stageId' && !('pipelineId' in siblings) ? 'dealStage' : FIELD_KINDS[key]! })
    }
    else if (typeof value === 'string' && (path.at(-2) === 'ids' || path.at(-2) === 'mergeIds')) slots.push({ path, kind: PATH_KINDS[op.path.split('/')[3]!]! })
    else if (typeof value === 'string' && key === 'id' && path.at(-3) === 'stages') slots.push({ path, kind: 'stage' })
    else if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i], {}))
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k], value as Record<string, unknown>)
  }
  walk(op.example.body, [], {})
  return slots
}

/** The example body with each record reference replaced by `ref(field, kind)`. */
type Ref = (field: string, kind: Kind) => string
function bodyOf(op: Operation, ref: Ref): unknown {
  if (op.example.body === undefined) return undefined
  const body = structuredClone(op.example.body) as Record<string | number, unknown>
  for (const { path, kind } of refSlots(op)) {
    const holder = path.slice(0, -1).reduce<Record<string | number, unknown>>((at, step) => at[step] as Record<string | number, unknown>, body)
    holder[path.at(-1)!] = ref(path.join('.'), kind)
  }
  return body
}

const isTenantRoute = (op: Operation) => op.path.startsWith('/api/v1/') && op.secured && !op.path.startsWith('/api/v1/auth/')
const crossable = (op: Operation) =>
  op.path.includes('{id}') || op.parameters.some(p => p.in === 'query' && p.name in QUERY_KINDS) || refSlots(op).length > 0

let a: World
let b: World
let operations: Operation[]
let foreignIds: string[]

/** Everything B holds, as B sees it: what must be the same after A's attempts. */
async function snapshotOf(world: World) {
  const token = world.tenant.token
  const paths = [
    '/api/v1/contacts?limit=100&sort=createdAt', '/api/v1/companies?limit=100&sort=createdAt', '/api/v1/deals?limit=100&sort=createdAt',
    '/api/v1/activities?limit=100&sort=createdAt', '/api/v1/pipelines?limit=100', '/api/v1/members?limit=100', '/api/v1/api-keys?limit=100',
    '/api/v1/invitations?limit=100', '/api/v1/organization', '/api/v1/imports?limit=100', `/api/v1/imports/${world.ids.import}/preview`, `/api/v1/deals/${world.ids.deal}/stage-history`, '/api/v1/audit-logs?limit=100',
    '/api/v1/notifications?limit=100', '/api/v1/notifications/preferences',
  ]
  const answers = await Promise.all(paths.map(path => call('GET', path, { token })))
  answers.forEach((res, i) => expect(res.status, `${paths[i]}: ${res.text}`).toBe(200))
  // The time in the current stage grows by itself.
  const stages = answers[paths.indexOf(`/api/v1/deals/${world.ids.deal}/stage-history`)]!.body.data as { leftAt: string | null, durationSeconds?: number }[]
  for (const row of stages) if (row.leftAt === null) delete row.durationSeconds
  return Object.fromEntries(answers.map((res, i) => [paths[i], res.body]))
}

beforeAll(async () => {
  ;[a, b] = await Promise.all([populate('alpha'), populate('bravo')])
  operations = (await documentedOperations()).filter(isTenantRoute)
  foreignIds = [...new Set(Object.values(b.ids)), b.tenant.orgId]
}, 120_000)

/** The other organization's values must never appear in A's answers; its ids only where A sent them. */
function assertNothingRevealed(res: Answer, sent: string): void {
  expect(res.text, 'an answer to A named B\'s data').not.toContain(b.marker)
  for (const id of foreignIds) {
    if (!sent.includes(id)) expect(res.text, `an answer to A named B's id ${id}`).not.toContain(id)
  }
  expect(res.status, res.text).toBeLessThan(500)
}

describe('tenant isolation over every route', () => {
  it('knows every record reference the declared routes take, and their examples name each one', () => {
    const unknownFilters = operations.flatMap(op => op.parameters.filter(p => p.in === 'query' && /Id$/.test(p.name) && !(p.name in QUERY_KINDS)).map(p => `${operationName(op)} ?${p.name}`))
    expect(unknownFilters, 'a new query filter naming a record: add its kind to QUERY_KINDS').toEqual([])
    const unknownFields = operations.flatMap(op => op.bodyFields.filter(f => /Id$/.test(f) && !(f in FIELD_KINDS)).map(f => `${operationName(op)} ${f}`))
    expect(unknownFields, 'a new body field naming a record: add its kind to FIELD_KINDS').toEqual([])
    const unnamed = operations.flatMap((op) => {
      const named = new Set(refSlots(op).map(slot => String(slot.path[0])))
      return op.bodyFields.filter(f => (f in FIELD_KINDS || f === 'ids' || f === 'mergeIds') && !named.has(f)).map(f => `${operationName(op)} ${f}`)
    })
    expect(unnamed, 'the route\'s declared example must name every reference its body takes').toEqual([])
    expect(operations.filter(crossable).length).toBeGreaterThan(30)
  })

  it('every declared example is valid with A\'s own ids (so a refusal below is isolation, not a broken example)', async () => {
    // Fresh records of A's own for the writes that change or remove them; the erasure last.
    const own = await populate('alpha-own')
    const token = own.tenant.token
    const ownRef: Ref = (_field, kind) => own.ids[kind]
    const writes = operations.filter(op => op.example.body !== undefined && crossable(op))
      .sort((x, y) => Number(x.path.endsWith('/erase')) - Number(y.path.endsWith('/erase')))
    for (const op of writes) {
      if (op.path.includes('members') || op.path.includes('transfer-ownership')) continue // need a second member: team.test.ts
      if (op.path.endsWith('/merge')) continue // needs a second record of the kind: merges.test.ts
      const path = fillPath(op.path, { id: own.ids[PATH_KINDS[op.path.split('/')[3]!]!] })
      const res = await call(op.method.toUpperCase(), path, { token, body: bodyOf(op, ownRef) })
      expect(res.status, `${operationName(op)}: ${res.text}`).toBeLessThan(300)
    }
  })

  it('A never reads, changes or reveals B\'s data, whatever ids of B it sends', async () => {
    const before = await snapshotOf(b)
    const crossing = operations.filter(crossable)
    const counts = { requests: 0, refused: 0, emptyAnswers: 0 }
    const SLOTS = 12
    const caseArb = fc.record({
      op: fc.constantFrom(...crossing),
      byKey: fc.boolean(),
      /** For each place that can name a record: A's own id there, or one of B's. */
      foreign: fc.array(fc.boolean(), { minLength: SLOTS, maxLength: SLOTS }),
      /** For each query filter: whether it is sent at all. */
      sendFilter: fc.array(fc.boolean(), { minLength: SLOTS, maxLength: SLOTS }),
      /** B's id of the right kind, or any of B's ids. */
      rightKind: fc.array(fc.boolean(), { minLength: SLOTS, maxLength: SLOTS }),
      anyId: fc.array(fc.constantFrom(...foreignIds), { minLength: SLOTS, maxLength: SLOTS }),
    })
    await fc.assert(fc.asyncProperty(caseArb, async ({ op, byKey, foreign, sendFilter, rightKind, anyId }) => {
      const name = operationName(op)
      let slot = 0
      let crossed = false
      const pick = (kind: Kind | 'any', ownId?: string): string => {
        const i = slot++ % SLOTS
        if (!foreign[i] && ownId) return ownId
        crossed = true
        return rightKind[i] && kind !== 'any' ? b.ids[kind] : anyId[i]!
      }
      // The path's own record would leave nothing to cross there: always one of B's.
      const pathValues: Record<string, string> = op.path.includes('{id}') ? { id: pick(PATH_KINDS[op.path.split('/')[3]!] ?? 'any') } : {}
      const query = new URLSearchParams()
      op.parameters.filter(p => p.in === 'query' && p.name in QUERY_KINDS).forEach((p, i) => {
        const kind = QUERY_KINDS[p.name]!
        if (sendFilter[i]) query.set(p.name, pick(kind, a.ids[kind === 'any' ? 'contact' : kind]))
      })
      const body = bodyOf(op, (_field, kind) => pick(kind, a.ids[kind]))
      if (!crossed) return // every pick fell on A's own ids: nothing crosses in this case
      const useKey = byKey && op.apiKey
      const path = `${fillPath(op.path, pathValues)}${query.size ? `?${query}` : ''}`
      const res = await call(op.method.toUpperCase(), path, { token: useKey ? a.key : a.tenant.token, body })
      counts.requests++
      const sent = `${path} ${JSON.stringify(body ?? {})}`
      assertNothingRevealed(res, sent)
      if (res.status === 200 && op.path.endsWith('/export')) {
        // A CSV export filtered by B's ids: allowed to answer, with the header line alone.
        expect(res.text.trimEnd().split('\n'), `${name} ${path}`).toHaveLength(1)
        counts.emptyAnswers++
        return
      }
      if (res.status === 200 && op.method === 'get' && !op.path.endsWith('{id}') && Array.isArray((res.body as { data?: unknown }).data)) {
        // A list filtered by B's ids: allowed to answer, with nothing in it.
        expect((res.body as { data: unknown[] }).data, `${name} ${path}`).toEqual([])
        counts.emptyAnswers++
        return
      }
      // A read_write key acts as a member: routes above a member's role refuse it before any lookup.
      const allowed = useKey ? [400, 403, 404] : [400, 404]
      expect(allowed, `${name} ${path} ${JSON.stringify(body)} → ${res.status} ${res.text}`).toContain(res.status)
      counts.refused++
    }), { numRuns: scaled(400, 4000) })
    expect(await snapshotOf(b), 'B\'s data changed').toEqual(before)
    report('isolation: foreign ids in paths, bodies and filters', { operations: crossing.length, cases: counts.requests, refused: counts.refused, emptyLists: counts.emptyAnswers },
      'every answer 400/404 or an empty list; no answer named B\'s values; B\'s data unchanged')
  }, 600_000)
})

/** Fields nobody may set through the API, with values that would matter if they landed. */
const MASS_FIELDS = (other: World): Record<string, unknown> => ({
  orgId: other.tenant.orgId, org_id: other.tenant.orgId, id: other.ids.contact, role: 'owner', createdAt: '2000-01-01T00:00:00.000Z',
  updatedAt: '2000-01-01T00:00:00.000Z', deletedAt: '2000-01-01T00:00:00.000Z', createdBy: other.ids.user, isAdmin: true,
  organization: { id: other.tenant.orgId }, ['__proto__']: { role: 'owner' }, passwordHash: 'x', keyHash: 'x',
})

describe('mass assignment', () => {
  /** Creates and updates with a valid body of A's own: the extras are the only thing wrong. */
  const WRITES: { name: string, path: () => string, method: 'POST' | 'PUT', body: () => Record<string, unknown> }[] = [
    { name: 'contact create', method: 'POST', path: () => '/api/v1/contacts', body: () => ({ firstName: 'Mass', lastName: 'Assign' }) },
    { name: 'contact bulk', method: 'POST', path: () => '/api/v1/contacts/bulk', body: () => ({ action: 'add_tag', ids: [a.ids.contact], tag: 'mass' }) },
    { name: 'contact update', method: 'PUT', path: () => `/api/v1/contacts/${a.ids.contact}`, body: () => ({ lastName: 'Assign' }) },
    { name: 'company create', method: 'POST', path: () => '/api/v1/companies', body: () => ({ name: `Mass ${unique()}` }) },
    { name: 'deal create', method: 'POST', path: () => '/api/v1/deals', body: () => ({ title: 'Mass', pipelineId: a.tenant.pipeline.id }) },
    { name: 'deal update', method: 'PUT', path: () => `/api/v1/deals/${a.ids.deal}`, body: () => ({ title: 'Mass' }) },
    { name: 'activity create', method: 'POST', path: () => '/api/v1/activities', body: () => ({ type: 'note', subject: 'Mass' }) },
    { name: 'pipeline update', method: 'PUT', path: () => `/api/v1/pipelines/${a.ids.pipeline}`, body: () => ({ name: `Mass ${unique()}` }) },
    { name: 'api key create', method: 'POST', path: () => '/api/v1/api-keys', body: () => ({ name: 'Mass', scope: 'read' }) },
    { name: 'invitation create', method: 'POST', path: () => '/api/v1/invitations', body: () => ({ email: `mass-${unique()}@example.test`, role: 'viewer' }) },
    { name: 'organization update', method: 'PUT', path: () => '/api/v1/organization', body: () => ({ name: `Alpha ${unique()}` }) },
    { name: 'profile update', method: 'PUT', path: () => '/api/v1/auth/me', body: () => ({ name: 'Mass Assign' }) },
    { name: 'member role', method: 'PUT', path: () => `/api/v1/members/${a.ids.user}`, body: () => ({ role: 'owner' }) },
  ]

  it('extra fields (another tenant\'s orgId and ids, roles, timestamps) never land', async () => {
    const extras = MASS_FIELDS(b)
    const extraNames = Object.keys(extras)
    const orgBefore = (await call('GET', '/api/v1/organization', { token: a.tenant.token })).body.data
    let cases = 0
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...WRITES),
      fc.subarray(extraNames, { minLength: 1 }),
      async (write, picked) => {
        // A field the write legitimately takes (an invitation's `role`) is not an extra there.
        const valid = write.body()
        const names = picked.filter(n => !Object.hasOwn(valid, n))
        fc.pre(names.length > 0)
        const body = { ...valid, ...Object.fromEntries(names.map(n => [n, extras[n]])) }
        const res = await call(write.method, write.path(), { token: a.tenant.token, body })
        cases++
        // Every write schema is strict: an unknown field is a validation error naming it.
        expect(res.status, `${write.name} with ${names.join(', ')}: ${res.text}`).toBe(400)
        expect(res.body.error.code).toBe('VALIDATION_ERROR')
        assertNothingRevealed(res, JSON.stringify(body))
      },
    ), { numRuns: scaled(120, 1200) })
    // The role change to owner is refused by its schema alone (ownership moves by transfer).
    const me = await call('GET', '/api/v1/auth/me', { token: a.tenant.token })
    expect(me.body.data.organization.id).toBe(a.tenant.orgId)
    const orgAfter = (await call('GET', '/api/v1/organization', { token: a.tenant.token })).body.data
    expect(orgAfter).toEqual(orgBefore)
    report('mass assignment: extra fields on every create and update', { writes: WRITES.length, fieldNames: extraNames.length, cases }, 'every request with an extra field refused with 400 VALIDATION_ERROR; nothing changed')
  }, 300_000)
})
