import { beforeAll, describe, expect, it } from 'vitest'
import { ACTIVITY_SORT_FIELDS, COMPANY_SORT_FIELDS, CONTACT_SORT_FIELDS, DEAL_SORT_FIELDS } from '../../shared/schemas'
import { make, newTenant, unique, type Tenant } from '../support/crm'
import { call, type Answer } from '../support/http'
import { importCsv } from '../support/imports'
import { ResponseChecker, type OpenApiDocument } from '../support/openapi'

// Cursor (keyset) paging of the CRM lists: `after` = the previous page's `meta.nextCursor`.
// Page-number paging is the reference: walking by cursor must yield the same rows in the
// same order, each exactly once, for every sortable field, both directions, NULLs and ties.

let acme: Tenant
let other: Tenant
let checker: ResponseChecker
const ids = { contacts: [] as string[], companies: [] as string[], deals: [] as string[], activities: [] as string[], otherContacts: [] as string[] }
let vipCompanyId: string

type Row = { id: string } & Record<string, unknown>
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever JSON came back
type ListAnswer = Answer<any>
type ListPath = '/api/v1/contacts' | '/api/v1/companies' | '/api/v1/deals' | '/api/v1/activities' | '/api/v1/companies/{id}/contacts'

/** GET a list, checked against the OpenAPI document when it answers 200. */
async function list(token: string, path: ListPath, query: Record<string, string>, params: Record<string, string> = {}): Promise<ListAnswer> {
  const url = path.replace('{id}', params.id ?? '')
  const res = await call('GET', `${url}?${new URLSearchParams(query)}`, { token })
  if (res.status === 200) checker.assert(res, 'get', path)
  return res
}

/** Every row of a list by following `meta.nextCursor` from the first page. */
async function walkByCursor(token: string, path: ListPath, query: Record<string, string>, params: Record<string, string> = {}) {
  const rows: Row[] = []
  let after: string | null = null
  let requests = 0
  do {
    const res = await list(token, path, after ? { ...query, after } : query, params)
    expect(res.status, res.text).toBe(200)
    expect(res.body.meta.page).toBe(after ? null : 1)
    expect(res.body.data.length).toBeLessThanOrEqual(Number(query.limit))
    rows.push(...res.body.data)
    after = res.body.meta.nextCursor
    // A page that is not the last is full, and the last page says so.
    if (after) expect(res.body.data).toHaveLength(Number(query.limit))
    expect(++requests).toBeLessThan(50)
  } while (after)
  return rows
}

/** Every row of a list by page numbers. */
async function walkByPage(token: string, path: ListPath, query: Record<string, string>, params: Record<string, string> = {}) {
  const rows: Row[] = []
  for (let page = 1; ; page++) {
    const res = await list(token, path, { ...query, page: String(page) }, params)
    expect(res.status, res.text).toBe(200)
    rows.push(...res.body.data)
    if (rows.length >= res.body.meta.total || !res.body.data.length) {
      expect(res.body.meta.nextCursor).toBeNull()
      return rows
    }
    expect(res.body.meta.nextCursor).toEqual(expect.any(String))
  }
}

const idsOf = (rows: Row[]) => rows.map(r => r.id)

/** Walks one list both ways for each sort and expects the same rows, each once. */
async function expectSameWalks(path: ListPath, sorts: string[], limit: number, expected: string[], query: Record<string, string> = {}, params: Record<string, string> = {}) {
  for (const sort of sorts) {
    const q = { ...query, limit: String(limit), ...(sort ? { sort } : {}) }
    const byPage = idsOf(await walkByPage(acme.token, path, q, params))
    const byCursor = idsOf(await walkByCursor(acme.token, path, q, params))
    expect(byCursor, `${path} sort=${sort}`).toEqual(byPage)
    expect(new Set(byCursor).size, `${path} sort=${sort}: a row came twice`).toBe(byCursor.length)
    expect([...byCursor].sort(), `${path} sort=${sort}`).toEqual([...expected].sort())
  }
}

/** Every sort field ascending and descending, plus the list's default order. */
const bothWays = (fields: readonly string[]) => ['', ...fields.flatMap(f => [f, `-${f}`])]

const cursorOf = (res: ListAnswer) => res.body.meta.nextCursor as string
const decode = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
const encode = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')

beforeAll(async () => {
  [acme, other] = await Promise.all([newTenant('cursor'), newTenant('cursor-other')])
  checker = new ResponseChecker((await call('GET', '/api/v1/openapi.json')).body as OpenApiDocument)

  // 30 contacts from one import share one created_at to the microsecond (ties on a timestamp,
  // which JavaScript dates would round to the millisecond); surnames and first names repeat,
  // every third has no email.
  const surnames = ['Weber', 'Becker', 'Koch', 'Weber', 'Zimmermann']
  const csv = ['E-Mail,First name,Last name', ...Array.from({ length: 30 }, (_, i) =>
    `${i % 3 ? `p${i}.${unique()}@cursor.test` : ''},${['Anna', 'Jonas', 'Anna'][i % 3]},${surnames[i % 5]}`)].join('\n')
  const imported = await importCsv(acme.token, 'contacts', csv, { duplicateMode: 'create' })
  expect(imported).toMatchObject({ status: 'completed', createdCount: 30 })

  const vip = await make(acme.token, '/api/v1/companies', { name: 'Cursor VIP AG', industry: 'Handel', address: { city: 'Berlin', country: 'DE' } })
  vipCompanyId = vip.id
  // 22 more companies: names, industries, cities and countries repeat (saved although they look like duplicates), and a third lack them.
  const companies = [vip]
  for (let i = 0; i < 22; i++) {
    companies.push(await make(acme.token, '/api/v1/companies?allowDuplicate=true', {
      name: `Firma ${i % 7}`,
      industry: i % 3 ? ['Handel', 'Bau'][i % 2] : null,
      address: i % 4 ? { city: ['Köln', 'Berlin', 'Aachen'][i % 3], country: ['DE', 'AT'][i % 2] } : null,
    }))
  }
  ids.companies = companies.map(c => c.id)

  // 27 contacts one by one: some at the VIP company and tagged, a third without email.
  const contacts = []
  for (let i = 0; i < 27; i++) {
    contacts.push(await make(acme.token, '/api/v1/contacts?allowDuplicate=true', {
      firstName: ['Lea', 'Paul', 'Émile'][i % 3],
      lastName: ['Becker', 'Äbel', 'weber', 'Koch'][i % 4],
      email: i % 3 === 2 ? null : `c${i}.${unique()}@cursor.test`,
      companyId: i % 2 ? vipCompanyId : null,
      tags: i % 2 ? ['vip'] : [],
    }))
  }
  const all = await call('GET', '/api/v1/contacts?limit=100', { token: acme.token })
  ids.contacts = idsOf(all.body.data)
  expect(ids.contacts).toHaveLength(57)

  // 21 deals: titles and values repeat; some won or lost (closedAt set), some without a close date.
  const stages = [acme.stage.first, acme.stage.second, acme.stage.won, acme.stage.lost]
  for (let i = 0; i < 21; i++) {
    const deal = await make(acme.token, '/api/v1/deals', {
      title: `Auftrag ${i % 5}`, value: ['100', '2500.50', '0', '100'][i % 4], pipelineId: acme.pipeline.id,
      stageId: stages[i % 4]!.id, expectedCloseDate: i % 3 ? `2026-0${1 + (i % 4)}-15` : null,
    })
    ids.deals.push(deal.id)
  }

  // 21 activities: every type, subjects repeat, due and completed times repeat or are missing.
  const types = ['call', 'meeting', 'task', 'note', 'email']
  for (let i = 0; i < 21; i++) {
    const activity = await make(acme.token, '/api/v1/activities', {
      type: types[i % 5], subject: `Termin ${i % 4}`,
      dueAt: i % 3 ? `2026-03-0${1 + (i % 2)}T10:00:00.123Z` : null,
      completedAt: i % 4 === 1 ? '2026-02-01T08:30:00Z' : null,
    })
    ids.activities.push(activity.id)
  }

  for (let i = 0; i < 12; i++) ids.otherContacts.push((await make(other.token, '/api/v1/contacts?allowDuplicate=true', { firstName: 'Bea', lastName: ['Adler', 'Weber', 'Zeh'][i % 3] })).id)
}, 120_000)

describe('cursor paging: the same rows as page numbers, each once', () => {
  it('contacts: every sort field both ways, mixed directions, ties on names and on one import\'s timestamps', async () => {
    await expectSameWalks('/api/v1/contacts', [
      ...bothWays(CONTACT_SORT_FIELDS), 'lastName,-firstName', '-email,firstName', 'email,-createdAt', '-lastName,email',
    ], 10, ids.contacts)
  })

  it('contacts with filters and search keep them on every page, and nested lists page the same way', async () => {
    const vip = (await call('GET', `/api/v1/contacts?tag=vip&limit=100`, { token: acme.token })).body.data as Row[]
    expect(vip.length).toBeGreaterThan(10)
    await expectSameWalks('/api/v1/contacts', ['-email', 'createdAt'], 4, idsOf(vip), { tag: 'vip' })
    await expectSameWalks('/api/v1/companies/{id}/contacts', ['', 'email'], 4, idsOf(vip), {}, { id: vipCompanyId })
    const webers = (await call('GET', `/api/v1/contacts?q=weber&limit=100`, { token: acme.token })).body.data as Row[]
    expect(webers.length).toBeGreaterThan(10)
    await expectSameWalks('/api/v1/contacts', ['', '-updatedAt'], 3, idsOf(webers), { q: 'weber' })
  })

  it('companies: every sort field both ways (industry, city and country partly NULL) and mixed', async () => {
    await expectSameWalks('/api/v1/companies', [...bothWays(COMPANY_SORT_FIELDS), 'country,-city', '-industry,name', 'city,industry'], 4, ids.companies)
  })

  it('deals: every sort field both ways (status by its order, value, close dates partly NULL) and mixed', async () => {
    await expectSameWalks('/api/v1/deals', [...bothWays(DEAL_SORT_FIELDS), 'status,-value', '-expectedCloseDate,closedAt', 'value,title'], 4, ids.deals)
  })

  it('activities: every sort field both ways (due and completed partly NULL, equal to the millisecond) and mixed', async () => {
    await expectSameWalks('/api/v1/activities', [...bothWays(ACTIVITY_SORT_FIELDS), 'type,-dueAt', '-completedAt,dueAt', 'dueAt,-subject'], 4, ids.activities)
  })

  it('may change limit from page to page', async () => {
    const first = await list(acme.token, '/api/v1/contacts', { limit: '7', sort: 'email' })
    const rest = await list(acme.token, '/api/v1/contacts', { limit: '100', sort: 'email', after: cursorOf(first) })
    expect(rest.status, rest.text).toBe(200)
    expect(rest.body.meta).toEqual({ page: null, limit: 100, total: 57, nextCursor: null })
    const all = await list(acme.token, '/api/v1/contacts', { limit: '100', sort: 'email' })
    expect([...idsOf(first.body.data), ...idsOf(rest.body.data)]).toEqual(idsOf(all.body.data))
  })

  it('a page by number also tells where the next one starts', async () => {
    const page2 = await list(acme.token, '/api/v1/deals', { limit: '5', page: '2', sort: 'value' })
    const page3 = await list(acme.token, '/api/v1/deals', { limit: '5', page: '3', sort: 'value' })
    const next = await list(acme.token, '/api/v1/deals', { limit: '5', after: cursorOf(page2), sort: 'value' })
    expect(page2.body.meta).toMatchObject({ page: 2, limit: 5, total: 21, nextCursor: expect.any(String) })
    expect(idsOf(next.body.data)).toEqual(idsOf(page3.body.data))
    const beyond = await list(acme.token, '/api/v1/deals', { limit: '5', page: '9' })
    expect(beyond.body).toMatchObject({ data: [], meta: { page: 9, total: 21, nextCursor: null } })
  })
})

describe('cursor paging while rows come and go', () => {
  it('neither repeats nor skips a row that stayed, when rows are created and deleted between pages', async () => {
    const tenant = await newTenant('cursor-churn')
    const names = ['Adler', 'Berg', 'Dorn', 'Falk', 'Haas', 'Kühn', 'Lenz', 'Otto', 'Popp', 'Rost', 'Voss', 'Wulf']
    for (let i = 0; i < 36; i++) await make(tenant.token, '/api/v1/contacts?allowDuplicate=true', { firstName: `P${i % 3}`, lastName: names[i % 12] })
    const query = { limit: '10', sort: 'lastName,firstName' }
    const before = idsOf((await call('GET', '/api/v1/contacts?limit=100&sort=lastName,firstName', { token: tenant.token })).body.data)

    const seen: Row[] = []
    const page1 = await list(tenant.token, '/api/v1/contacts', query)
    const page2 = await list(tenant.token, '/api/v1/contacts', { ...query, after: cursorOf(page1) })
    seen.push(...page1.body.data, ...page2.body.data)
    // Between pages: the row the cursor points at, a row already shown and one not yet shown
    // are deleted; new rows appear before and after the cursor.
    const cursorRow = page2.body.data.at(-1) as Row
    const shownRow = page1.body.data[3] as Row
    const unseenRow = before[30]!
    for (const id of [cursorRow.id, shownRow.id, unseenRow]) expect((await call('DELETE', `/api/v1/contacts/${id}`, { token: tenant.token })).status).toBe(200)
    const early = await make(tenant.token, '/api/v1/contacts', { firstName: 'Neu', lastName: 'Aaron' })
    const late = await make(tenant.token, '/api/v1/contacts', { firstName: 'Neu', lastName: 'Zander' })
    const tied = await make(tenant.token, '/api/v1/contacts?allowDuplicate=true', { firstName: cursorRow.firstName, lastName: cursorRow.lastName })

    let after: string | null = cursorOf(page2)
    while (after) {
      const res = await list(tenant.token, '/api/v1/contacts', { ...query, after })
      expect(res.status, res.text).toBe(200)
      seen.push(...res.body.data)
      after = res.body.meta.nextCursor
    }
    const seenIds = idsOf(seen)
    expect(new Set(seenIds).size, 'a row came twice').toBe(seenIds.length)
    // Every row that stayed came once, in the order of the list.
    const stayed = before.filter(id => id !== cursorRow.id && id !== unseenRow)
    expect(seenIds.filter(id => stayed.includes(id))).toEqual(stayed)
    expect(seenIds).not.toContain(unseenRow)
    // A new row after the cursor shows up; one before it does not. A row equal to the cursor's
    // sort values shows up exactly when its id sorts after the cursor's.
    expect(seenIds).toContain(late.id)
    expect(seenIds).not.toContain(early.id)
    expect(seenIds.includes(tied.id)).toBe(tied.id > cursorRow.id)
  })
})

describe('cursor paging: refusals', () => {
  let cursor: string

  beforeAll(async () => {
    cursor = cursorOf(await list(acme.token, '/api/v1/contacts', { limit: '5', sort: '-createdAt' }))
  })

  const expect400 = (res: ListAnswer, path: string, text?: RegExp) => {
    expect(res.status, res.text).toBe(400)
    expect(res.body.error.code).toBe('VALIDATION_ERROR')
    expect(res.body.error.details).toContainEqual(expect.objectContaining({ path }))
    if (text) expect(res.body.error.message).toMatch(text)
  }

  it('refuses a cursor with another sort, naming the sort it was made for', async () => {
    const res = await list(acme.token, '/api/v1/contacts', { limit: '5', sort: 'createdAt', after: cursor })
    expect400(res, 'after', /sort=-createdAt.*not sort=createdAt/)
    // The default order is a sort too.
    expect400(await list(acme.token, '/api/v1/contacts', { limit: '5', after: cursor }), 'after', /sort=-createdAt/)
  })

  it('refuses a cursor with other filters or another search, and one of another list', async () => {
    expect400(await list(acme.token, '/api/v1/contacts', { limit: '5', sort: '-createdAt', tag: 'vip', after: cursor }), 'after', /filters/)
    expect400(await list(acme.token, '/api/v1/contacts', { limit: '5', sort: '-createdAt', q: 'weber', after: cursor }), 'after', /filters/)
    expect400(await list(acme.token, '/api/v1/activities', { limit: '5', sort: '-createdAt', after: cursor }), 'after', /another list/)
  })

  it('refuses page and after together', async () => {
    expect400(await list(acme.token, '/api/v1/contacts', { limit: '5', sort: '-createdAt', page: '2', after: cursor }), 'page')
  })

  it('answers 400, never 500, to garbage and tampered cursors', async () => {
    const made = decode(cursor)
    expect(made).toMatchObject({ s: '-createdAt', k: [expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/)] })
    const garbage = [
      'garbage!', '\u0000', 'x'.repeat(9000), encode('not json'), encode('null'), encode([1, 2]), encode({ ...made, extra: 1 }),
      encode({ ...made, i: 'not-a-uuid' }), encode({ ...made, k: [] }), encode({ ...made, k: [made.k[0], 'x'] }),
      encode({ ...made, k: ['2026-02-30T10:00:00.000000Z'] }), encode({ ...made, k: ['yesterday'] }), encode({ ...made, k: [null] }),
      encode({ ...made, k: [42] }), encode({ ...made, k: ['2026-01-01T00:00:00Z\u0000'] }), `${cursor.slice(0, -3)}***`,
    ]
    for (const after of garbage) {
      const res = await list(acme.token, '/api/v1/contacts', { limit: '5', sort: '-createdAt', after })
      expect(res.status, `${after.slice(0, 60)}: ${res.text}`).toBe(400)
      expect(res.body.error.code).toBe('VALIDATION_ERROR')
    }
    const deal = (k: unknown[]) => encode({ r: 'deals', s: 'status', f: made.f, k, i: made.i })
    for (const after of [deal(['unknown']), deal([null])]) {
      expect((await list(acme.token, '/api/v1/deals', { limit: '5', sort: 'status', after })).status).toBe(400)
    }
    const value = (k: unknown[]) => encode({ r: 'deals', s: 'value', f: made.f, k, i: made.i })
    for (const after of [value(['12,50']), value(['1e5']), value([''])]) {
      expect((await list(acme.token, '/api/v1/deals', { limit: '5', sort: 'value', after })).status).toBe(400)
    }
    // Extreme but well-formed values are positions beyond every row: 200 and an empty page.
    const beyond = await list(acme.token, '/api/v1/deals', { limit: '5', sort: 'value', after: value(['99999999999999999999.99']) })
    expect(beyond.body).toMatchObject({ data: [], meta: { nextCursor: null } })
    const late = encode({ ...made, s: 'createdAt', k: ['99999-12-31T23:59:59.999999Z'] })
    expect((await list(acme.token, '/api/v1/contacts', { limit: '5', sort: 'createdAt', after: late })).body.data).toEqual([])
    // A well-formed cursor is a position, nothing more: one made up by a client pages from there.
    const made2 = encode({ r: 'deals', s: 'value', f: made.f, k: ['100.00'], i: '00000000-0000-4000-8000-000000000000' })
    const fromHundred = await list(acme.token, '/api/v1/deals', { limit: '100', sort: 'value', after: made2 })
    expect(fromHundred.status, fromHundred.text).toBe(200)
    expect(fromHundred.body.data.every((d: { value: string }) => Number(d.value) >= 100)).toBe(true)
  })

  it('a cursor made in one organization pages only the other organization\'s own rows there', async () => {
    const fromAcme = await list(acme.token, '/api/v1/contacts', { limit: '3' })
    const res = await list(other.token, '/api/v1/contacts', { limit: '100', after: cursorOf(fromAcme) })
    if (res.status === 400) return
    expect(res.status, res.text).toBe(200)
    const seen = idsOf(res.body.data)
    expect(seen.length).toBeGreaterThan(0)
    expect(seen.every(id => ids.otherContacts.includes(id))).toBe(true)
    expect(seen.some(id => ids.contacts.includes(id))).toBe(false)
    expect(res.body.meta.total).toBe(12)
  })
})
