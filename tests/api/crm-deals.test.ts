import { beforeAll, describe, expect, it } from 'vitest'
import { historyOf, make, newTenant, unique, UNKNOWN_ID, type Tenant } from '../support/crm'
import { call } from '../support/http'

let acme: Tenant
let other: Tenant

beforeAll(async () => {
  [acme, other] = await Promise.all([newTenant('deals'), newTenant('deals-other')])
})

describe('deals', () => {
  it('starts a deal in the pipeline\'s first open stage, in the organization\'s currency', async () => {
    const company = await make(acme.token, '/api/v1/companies', { name: 'Anlagenbau Nord' })
    const res = await call('POST', '/api/v1/deals', { token: acme.token, body: { title: 'Wartungsvertrag', value: 12500.5, pipelineId: acme.pipeline.id, companyId: company.id, expectedCloseDate: '2027-03-31' } })
    expect(res.status).toBe(201)
    expect(res.body.data).toMatchObject({
      title: 'Wartungsvertrag', value: '12500.50', currency: 'EUR', pipelineId: acme.pipeline.id, stageId: acme.stage.first.id,
      stageName: acme.stage.first.name, status: 'open', closedAt: null, companyId: company.id, company: { name: 'Anlagenbau Nord' },
      ownerId: acme.userId, expectedCloseDate: '2027-03-31',
    })
  })

  it('keeps value, stage and status when an update leaves them out', async () => {
    const deal = await make(acme.token, '/api/v1/deals', { title: 'Teil', value: '999.99', pipelineId: acme.pipeline.id, stageId: acme.stage.second.id })
    const res = await call('PUT', `/api/v1/deals/${deal.id}`, { token: acme.token, body: { title: 'Teil 2' } })
    expect(res.status).toBe(200)
    expect(res.body.data).toMatchObject({ title: 'Teil 2', value: '999.99', stageId: acme.stage.second.id, status: 'open' })
    // Stage and status change only through the move action.
    const sneaky = await call('PUT', `/api/v1/deals/${deal.id}`, { token: acme.token, body: { stageId: acme.stage.won.id, status: 'won' } })
    expect(sneaky.status).toBe(400)
    expect((sneaky.body.error.details as { path: string }[]).map(d => d.path).sort()).toEqual(['stageId', 'status'])
  })

  it('refuses a stage of another pipeline and references to another organization', async () => {
    const second = await make(acme.token, '/api/v1/pipelines', { name: `Projekte ${unique()}`, stages: [{ name: 'Idee', probability: 10, kind: 'open' }, { name: 'Auftrag', probability: 100, kind: 'won' }] })
    const wrongStage = await call('POST', '/api/v1/deals', { token: acme.token, body: { title: 'X', pipelineId: acme.pipeline.id, stageId: second.stages[0].id } })
    expect(wrongStage.status).toBe(400)
    expect(wrongStage.body.error.details).toEqual([{ path: 'stageId', message: 'is not a stage of this pipeline' }])

    const foreignContact = await make(other.token, '/api/v1/contacts', { firstName: 'F', lastName: 'Remd' })
    const crossRefs = await call('POST', '/api/v1/deals', { token: acme.token, body: { title: 'X', pipelineId: other.pipeline.id, contactId: foreignContact.id } })
    expect(crossRefs.status).toBe(400)
    expect(crossRefs.body.error.details[0].path).toBe('pipelineId')
    const crossContact = await call('POST', '/api/v1/deals', { token: acme.token, body: { title: 'X', pipelineId: acme.pipeline.id, contactId: foreignContact.id } })
    expect(crossContact.status).toBe(400)
    expect(crossContact.body.error.details[0].path).toBe('contactId')
  })

  it('moves through stages: status and closedAt follow the stage kind, each move is history and audit', async () => {
    const deal = await make(acme.token, '/api/v1/deals', { title: `Move ${unique()}`, value: 1000, pipelineId: acme.pipeline.id })
    const moveTo = (stageId: string) => call('POST', `/api/v1/deals/${deal.id}/move`, { token: acme.token, body: { stageId } })

    const second = await moveTo(acme.stage.second.id)
    expect(second.status).toBe(200)
    expect(second.body.data).toMatchObject({ stageId: acme.stage.second.id, status: 'open', closedAt: null })

    const won = await moveTo(acme.stage.won.id)
    expect(won.body.data).toMatchObject({ stageId: acme.stage.won.id, stageName: acme.stage.won.name, status: 'won' })
    expect(Date.parse(won.body.data.closedAt)).toBeGreaterThan(Date.now() - 60_000)

    const lost = await moveTo(acme.stage.lost.id)
    expect(lost.body.data).toMatchObject({ status: 'lost' })
    const reopened = await moveTo(acme.stage.first.id)
    expect(reopened.body.data).toMatchObject({ status: 'open', closedAt: null })

    // Moving to the stage it is in changes nothing.
    const same = await moveTo(acme.stage.first.id)
    expect(same.status).toBe(200)

    const history = await call('GET', `/api/v1/deals/${deal.id}/stage-history`, { token: acme.token })
    expect(history.status).toBe(200)
    const stays = history.body.data as { stageId: string, fromStageId: string | null, leftAt: string | null, enteredAt: string, durationSeconds: number, stageName: string, actorId: string }[]
    expect(stays.map(s => s.stageId)).toEqual([acme.stage.first.id, acme.stage.lost.id, acme.stage.won.id, acme.stage.second.id, acme.stage.first.id])
    expect(stays[0]).toMatchObject({ leftAt: null, fromStageId: acme.stage.lost.id, actorId: acme.userId })
    // A finished stay lasted from entering to leaving, in whole seconds.
    for (const s of stays.slice(1)) {
      expect(s.leftAt).not.toBeNull()
      expect(Number.isInteger(s.durationSeconds)).toBe(true)
      expect(Math.abs(s.durationSeconds - (Date.parse(s.leftAt!) - Date.parse(s.enteredAt)) / 1000)).toBeLessThan(1)
    }
    expect(stays[1]!.stageName).toBe(acme.stage.lost.name)
    expect(stays.at(-1)!.fromStageId).toBeNull()

    const moves = (await historyOf(acme.token, 'deals', deal.id)).filter(e => e.action === 'deal.move')
    expect(moves).toHaveLength(4)
    expect(moves.at(-1)!.changes).toEqual({
      stageId: { from: acme.stage.first.id, to: acme.stage.second.id },
    })
    expect(moves.at(-2)!.changes).toMatchObject({ stageId: { to: acme.stage.won.id }, status: { from: 'open', to: 'won' }, closedAt: { from: null } })
  })

  it('tells when the deal entered its stage, in the list and the record', async () => {
    const deal = await make(acme.token, '/api/v1/deals', { title: `Alter ${unique()}`, value: 10, pipelineId: acme.pipeline.id })
    expect(Date.parse(deal.stageEnteredAt)).toBeGreaterThan(Date.now() - 60_000)
    const created = Date.parse(deal.stageEnteredAt)
    await new Promise(resolve => setTimeout(resolve, 20))
    const moved = await call('POST', `/api/v1/deals/${deal.id}/move`, { token: acme.token, body: { stageId: acme.stage.second.id } })
    expect(moved.status).toBe(200)
    const entered = Date.parse(moved.body.data.stageEnteredAt)
    expect(entered).toBeGreaterThan(created)
    const history = (await call('GET', `/api/v1/deals/${deal.id}/stage-history`, { token: acme.token })).body.data as { stageId: string, enteredAt: string, leftAt: string | null }[]
    expect(history.find(h => !h.leftAt)).toMatchObject({ stageId: acme.stage.second.id, enteredAt: moved.body.data.stageEnteredAt })
    const listed = await call('GET', `/api/v1/deals?stageId=${acme.stage.second.id}&q=${encodeURIComponent(deal.title)}`, { token: acme.token })
    expect(listed.body.data[0]).toMatchObject({ id: deal.id, stageEnteredAt: moved.body.data.stageEnteredAt })
  })

  it('names the next open activity, earliest due first, and none once all are done', async () => {
    const deal = await make(acme.token, '/api/v1/deals', { title: `Nächster ${unique()}`, value: 10, pipelineId: acme.pipeline.id })
    expect(deal.nextActivity).toBeNull()
    const soon = new Date(Date.now() + 86_400_000).toISOString()
    const later = new Date(Date.now() + 5 * 86_400_000).toISOString()
    const earlier = new Date(Date.now() - 86_400_000).toISOString()
    const laterOne = await make(acme.token, '/api/v1/activities', { type: 'meeting', subject: 'Termin vor Ort', dueAt: later, dealId: deal.id })
    await make(acme.token, '/api/v1/activities', { type: 'task', subject: 'Ohne Termin', dealId: deal.id })
    const soonOne = await make(acme.token, '/api/v1/activities', { type: 'call', subject: 'Angebot besprechen', dueAt: soon, dealId: deal.id })
    // Done, though due first: not a next step.
    await make(acme.token, '/api/v1/activities', { type: 'email', subject: 'Erledigt', dueAt: earlier, completedAt: earlier, dealId: deal.id })
    const read = async () => (await call('GET', `/api/v1/deals/${deal.id}`, { token: acme.token })).body.data.nextActivity
    expect(await read()).toEqual({ id: soonOne.id, type: 'call', subject: 'Angebot besprechen', dueAt: soon })
    const listed = await call('GET', `/api/v1/deals?q=${encodeURIComponent(deal.title)}`, { token: acme.token })
    expect(listed.body.data[0].nextActivity).toEqual({ id: soonOne.id, type: 'call', subject: 'Angebot besprechen', dueAt: soon })
    expect((await call('PUT', `/api/v1/activities/${soonOne.id}`, { token: acme.token, body: { completedAt: new Date().toISOString() } })).status).toBe(200)
    expect(await read()).toMatchObject({ id: laterOne.id, dueAt: later })
    expect((await call('PUT', `/api/v1/activities/${laterOne.id}`, { token: acme.token, body: { completedAt: new Date().toISOString() } })).status).toBe(200)
    // Undated open activities come after the dated ones, but still count.
    expect(await read()).toMatchObject({ subject: 'Ohne Termin', dueAt: null })
  })

  it('sorts by the stage\'s position in the pipeline, by page and by cursor', async () => {
    const tenant = await newTenant('stage-sort')
    const { pipeline, stage, token } = tenant
    // Created in reverse board order, so creation order cannot pass for stage order.
    const won = await make(token, '/api/v1/deals', { title: 'C', value: 1, pipelineId: pipeline.id, stageId: stage.won.id })
    const second = await make(token, '/api/v1/deals', { title: 'B', value: 1, pipelineId: pipeline.id, stageId: stage.second.id })
    const first = await make(token, '/api/v1/deals', { title: 'A', value: 1, pipelineId: pipeline.id, stageId: stage.first.id })
    const asc = await call('GET', `/api/v1/deals?pipelineId=${pipeline.id}&sort=stage`, { token })
    expect(asc.status).toBe(200)
    expect(asc.body.data.map((d: { id: string }) => d.id)).toEqual([first.id, second.id, won.id])
    const desc = await call('GET', `/api/v1/deals?pipelineId=${pipeline.id}&sort=-stage&limit=2&page=2`, { token })
    expect(desc.body.data.map((d: { id: string }) => d.id)).toEqual([first.id])
    const head = await call('GET', `/api/v1/deals?pipelineId=${pipeline.id}&sort=-stage&limit=2`, { token })
    expect(head.body.data.map((d: { id: string }) => d.id)).toEqual([won.id, second.id])
    const rest = await call('GET', `/api/v1/deals?pipelineId=${pipeline.id}&sort=-stage&limit=2&after=${encodeURIComponent(head.body.meta.nextCursor)}`, { token })
    expect(rest.body.data.map((d: { id: string }) => d.id)).toEqual([first.id])
  })

  it('refuses a move to a stage outside the deal\'s pipeline', async () => {
    const deal = await make(acme.token, '/api/v1/deals', { title: 'Stay', pipelineId: acme.pipeline.id })
    for (const stageId of [other.stage.won.id, UNKNOWN_ID]) {
      const res = await call('POST', `/api/v1/deals/${deal.id}/move`, { token: acme.token, body: { stageId } })
      expect(res.status).toBe(400)
      expect(res.body.error.details[0].path).toBe('stageId')
    }
    expect((await call('GET', `/api/v1/deals/${deal.id}`, { token: acme.token })).body.data.stageId).toBe(acme.stage.first.id)
  })

  it('filters by value, status and expected close date', async () => {
    const tenant = await newTenant('deal-filters')
    for (const [title, value, expectedCloseDate] of [['Small', '100', '2027-01-10'], ['Medium', '5000', '2027-02-10'], ['Large', '90000.01', '2027-03-10']] as const) {
      await make(tenant.token, '/api/v1/deals', { title, value, expectedCloseDate, pipelineId: tenant.pipeline.id })
    }
    const titles = async (query: string) => (await call('GET', `/api/v1/deals?${query}`, { token: tenant.token })).body.data.map((d: { title: string }) => d.title)
    expect(await titles('minValue=100&maxValue=5000&sort=value')).toEqual(['Small', 'Medium'])
    expect(await titles('expectedCloseBefore=2027-02-10&sort=expectedCloseDate')).toEqual(['Small'])
    expect(await titles('sort=-value')).toEqual(['Large', 'Medium', 'Small'])
    expect(await titles('status=won')).toEqual([])
    expect((await call('GET', '/api/v1/deals?status=maybe', { token: tenant.token })).status).toBe(400)
  })

  it('deletes a deal, keeping its activities unlinked', async () => {
    const deal = await make(acme.token, '/api/v1/deals', { title: 'Delete me', pipelineId: acme.pipeline.id })
    const activity = await make(acme.token, '/api/v1/activities', { type: 'note', subject: 'About the deal', dealId: deal.id })
    const nested = await call('GET', `/api/v1/deals/${deal.id}/activities`, { token: acme.token })
    expect(nested.body.data.map((a: { id: string }) => a.id)).toEqual([activity.id])
    expect((await call('DELETE', `/api/v1/deals/${deal.id}`, { token: acme.token })).status).toBe(200)
    expect((await call('GET', `/api/v1/activities/${activity.id}`, { token: acme.token })).body.data).toMatchObject({ dealId: null, deal: null })
  })

  it('answers 404 for another organization\'s deal on every verb and nested route', async () => {
    const foreign = await make(other.token, '/api/v1/deals', { title: 'Geheimprojekt', pipelineId: other.pipeline.id })
    const answers = await Promise.all([
      call('GET', `/api/v1/deals/${foreign.id}`, { token: acme.token }),
      call('PUT', `/api/v1/deals/${foreign.id}`, { token: acme.token, body: { title: 'Mine now' } }),
      call('DELETE', `/api/v1/deals/${foreign.id}`, { token: acme.token }),
      call('POST', `/api/v1/deals/${foreign.id}/move`, { token: acme.token, body: { stageId: other.stage.won.id } }),
      call('GET', `/api/v1/deals/${foreign.id}/activities`, { token: acme.token }),
      call('GET', `/api/v1/deals/${foreign.id}/history`, { token: acme.token }),
      call('GET', `/api/v1/deals/${foreign.id}/stage-history`, { token: acme.token }),
    ])
    expect(answers.map(a => a.status)).toEqual([404, 404, 404, 404, 404, 404, 404])
    expect(answers.some(a => a.text.includes('Geheimprojekt'))).toBe(false)
    expect((await call('GET', `/api/v1/deals/${foreign.id}`, { token: other.token })).body.data).toMatchObject({ title: 'Geheimprojekt', status: 'open' })
  })
})

describe('pipelines', () => {
  it('assigns stage ids and positions, keeps ids of kept stages, and orders pipelines', async () => {
    const tenant = await newTenant('pipelines')
    const created = await call('POST', '/api/v1/pipelines', {
      token: tenant.token,
      body: { name: 'Partner', stages: [{ name: 'Erstkontakt', probability: 10, kind: 'open' }, { name: 'Vertrag', probability: 100, kind: 'won', id: undefined }, { name: 'Abgesagt', probability: 0, kind: 'lost' }] },
    })
    expect(created.status).toBe(201)
    const pipeline = created.body.data
    expect(pipeline.position).toBe(1)
    expect(pipeline.stages.map((s: { name: string, position: number }) => [s.name, s.position])).toEqual([['Erstkontakt', 0], ['Vertrag', 1], ['Abgesagt', 2]])
    const [first, won, lost] = pipeline.stages

    // Reorder, rename one, add one: kept stages keep their ids.
    const updated = await call('PUT', `/api/v1/pipelines/${pipeline.id}`, {
      token: tenant.token,
      body: { stages: [{ name: 'Neu', probability: 5, kind: 'open' }, { ...first, name: 'Erstgespräch' }, won, lost] },
    })
    expect(updated.status).toBe(200)
    expect(updated.body.data.stages.map((s: { id: string, name: string }) => s.name)).toEqual(['Neu', 'Erstgespräch', 'Vertrag', 'Abgesagt'])
    expect(updated.body.data.stages[1].id).toBe(first.id)
    expect(updated.body.data.stages[0].id).toMatch(/^[0-9a-f-]{36}$/)

    const list = await call('GET', '/api/v1/pipelines', { token: tenant.token })
    expect(list.body.data.map((p: { id: string }) => p.id)).toEqual([tenant.pipeline.id, pipeline.id])
    const [update] = await historyOf(tenant.token, 'pipelines', pipeline.id)
    expect(update).toMatchObject({ action: 'pipeline.update', changes: { stages: { from: expect.any(Array), to: expect.any(Array) } } })
  })

  it('refuses a stage id the pipeline does not have', async () => {
    const tenant = await newTenant('pipeline-ids')
    const stages = [{ ...tenant.stage.first }, { id: other.stage.won.id, name: 'Stolen', probability: 100, kind: 'won' }]
    const res = await call('PUT', `/api/v1/pipelines/${tenant.pipeline.id}`, { token: tenant.token, body: { stages } })
    expect(res.status).toBe(400)
    expect(res.body.error.details[0].path).toBe('stages.1.id')
  })

  it('refuses to remove a stage that holds deals, with a message naming it (409)', async () => {
    const tenant = await newTenant('pipeline-stages')
    await make(tenant.token, '/api/v1/deals', { title: 'Sitzt fest', pipelineId: tenant.pipeline.id, stageId: tenant.stage.second.id })
    const remaining = tenant.pipeline.stages.filter(s => s.id !== tenant.stage.second.id)
    const res = await call('PUT', `/api/v1/pipelines/${tenant.pipeline.id}`, { token: tenant.token, body: { stages: remaining } })
    expect(res.status).toBe(409)
    expect(res.body.error.code).toBe('CONFLICT')
    expect(res.body.error.message).toContain(`"${tenant.stage.second.name}" (1 deal)`)
    expect((await call('GET', `/api/v1/pipelines/${tenant.pipeline.id}`, { token: tenant.token })).body.data.stages).toHaveLength(tenant.pipeline.stages.length)
  })

  it('deletes an empty pipeline, but not one with deals nor the last one', async () => {
    const tenant = await newTenant('pipeline-delete')
    const last = await call('DELETE', `/api/v1/pipelines/${tenant.pipeline.id}`, { token: tenant.token })
    expect(last.status).toBe(409)
    const extra = await make(tenant.token, '/api/v1/pipelines', { name: 'Extra', stages: [{ name: 'Offen', probability: 20, kind: 'open' }] })
    const deal = await make(tenant.token, '/api/v1/deals', { title: 'Blocker', pipelineId: extra.id })
    const held = await call('DELETE', `/api/v1/pipelines/${extra.id}`, { token: tenant.token })
    expect(held.status).toBe(409)
    expect(held.body.error.message).toContain('1 deal')
    await call('DELETE', `/api/v1/deals/${deal.id}`, { token: tenant.token })
    expect((await call('DELETE', `/api/v1/pipelines/${extra.id}`, { token: tenant.token })).status).toBe(200)
    expect((await call('GET', `/api/v1/pipelines/${extra.id}`, { token: tenant.token })).status).toBe(404)
  })

  it('totals a pipeline\'s deals per stage and currency, filtered like the list', async () => {
    const tenant = await newTenant('totals')
    const { pipeline, stage, token, userId } = tenant
    // Kessel has no owner, so the owner filter leaves its stage out.
    await Promise.all([
      make(token, '/api/v1/deals', { title: 'Pumpe A', value: '100.50', pipelineId: pipeline.id }),
      make(token, '/api/v1/deals', { title: 'Pumpe B', value: '200.25', pipelineId: pipeline.id }),
      make(token, '/api/v1/deals', { title: 'Ventil', value: '50', currency: 'CHF', pipelineId: pipeline.id }),
      make(token, '/api/v1/deals', { title: 'Kessel', value: '1000', pipelineId: pipeline.id, stageId: stage.second.id, ownerId: null }),
    ])
    const all = await call('GET', `/api/v1/pipelines/${pipeline.id}/totals`, { token })
    expect(all.status).toBe(200)
    expect(all.body.data).toEqual(expect.arrayContaining([
      expect.objectContaining({ stageId: stage.first.id, currency: 'EUR', count: 2, value: '300.75' }),
      expect.objectContaining({ stageId: stage.first.id, currency: 'CHF', count: 1, value: '50.00' }),
      expect.objectContaining({ stageId: stage.second.id, currency: 'EUR', count: 1, value: '1000.00' }),
    ]))
    expect(all.body.data).toHaveLength(3)
    // The same filters as the deal list: text and owner.
    const pumps = await call('GET', `/api/v1/pipelines/${pipeline.id}/totals?q=pumpe`, { token })
    expect(pumps.body.data).toEqual([expect.objectContaining({ stageId: stage.first.id, currency: 'EUR', count: 2, value: '300.75' })])
    const mine = await call('GET', `/api/v1/pipelines/${pipeline.id}/totals?ownerId=${userId}`, { token })
    expect(mine.body.data.map((r: { stageId: string }) => r.stageId)).not.toContain(stage.second.id)
    const bad = await call('GET', `/api/v1/pipelines/${pipeline.id}/totals?ownerId=nope`, { token })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('VALIDATION_ERROR')
    expect((await call('GET', `/api/v1/pipelines/${UNKNOWN_ID}/totals`, { token })).status).toBe(404)
  })

  it('weighs each stage\'s total by its probability, exact to the cent', async () => {
    const tenant = await newTenant('weighted')
    const { pipeline, token } = tenant
    const stages = pipeline.stages.map(({ id, name, kind }) => ({ id, name, kind, probability: kind === 'won' ? 100 : kind === 'lost' ? 0 : 25 }))
    expect((await call('PUT', `/api/v1/pipelines/${pipeline.id}`, { token, body: { stages } })).status).toBe(200)
    await Promise.all([
      make(token, '/api/v1/deals', { title: 'Anlage 1', value: '1000', pipelineId: pipeline.id }),
      make(token, '/api/v1/deals', { title: 'Anlage 2', value: '1000', pipelineId: pipeline.id }),
      make(token, '/api/v1/deals', { title: 'Klein', value: '0.10', currency: 'CHF', pipelineId: pipeline.id }),
      make(token, '/api/v1/deals', { title: 'Gewonnen', value: '300', pipelineId: pipeline.id, stageId: tenant.stage.won.id }),
    ])
    const res = await call('GET', `/api/v1/pipelines/${pipeline.id}/totals`, { token })
    expect(res.status).toBe(200)
    expect(res.body.data).toEqual(expect.arrayContaining([
      { stageId: tenant.stage.first.id, currency: 'EUR', count: 2, value: '2000.00', weightedValue: '500.00' },
      // 0.10 × 25 % = 0.025: rounded half up to the cent.
      { stageId: tenant.stage.first.id, currency: 'CHF', count: 1, value: '0.10', weightedValue: '0.03' },
      { stageId: tenant.stage.won.id, currency: 'EUR', count: 1, value: '300.00', weightedValue: '300.00' },
    ]))
  })

  it('keeps a stage\'s rotting days, and refuses zero, negative and fractional ones', async () => {
    const tenant = await newTenant('rotting')
    const { pipeline, token } = tenant
    const stagesWith = (rottingDays: unknown) => pipeline.stages.map(({ id, name, kind, probability }, i) => ({ id, name, kind, probability, ...(i === 0 ? { rottingDays } : {}) }))
    const saved = await call('PUT', `/api/v1/pipelines/${pipeline.id}`, { token, body: { stages: stagesWith(7) } })
    expect(saved.status).toBe(200)
    expect(saved.body.data.stages[0]).toMatchObject({ id: tenant.stage.first.id, rottingDays: 7 })
    expect(saved.body.data.stages[1].rottingDays).toBeUndefined()
    for (const bad of [0, -3, 1.5, '7']) {
      const refused = await call('PUT', `/api/v1/pipelines/${pipeline.id}`, { token, body: { stages: stagesWith(bad) } })
      expect(refused.status, String(bad)).toBe(400)
      expect(refused.body.error.details[0].path).toBe('stages.0.rottingDays')
    }
    // null switches it off again.
    const off = await call('PUT', `/api/v1/pipelines/${pipeline.id}`, { token, body: { stages: stagesWith(null) } })
    expect(off.status).toBe(200)
    expect(off.body.data.stages[0].rottingDays).toBeUndefined()
  })

  it('shows the open pipeline value per stage on the dashboard, in board order', async () => {
    const tenant = await newTenant('dash')
    const { pipeline, stage, token } = tenant
    const won = await make(tenant.token, '/api/v1/deals', { title: 'Gewonnen', value: '70', pipelineId: pipeline.id })
    await call('POST', `/api/v1/deals/${won.id}/move`, { token, body: { stageId: stage.won.id } })
    await make(token, '/api/v1/deals', { title: 'Später', value: '30', pipelineId: pipeline.id, stageId: stage.second.id })
    await make(token, '/api/v1/deals', { title: 'Früh', value: '20', pipelineId: pipeline.id })
    const res = await call('GET', '/api/v1/dashboard', { token })
    expect(res.status).toBe(200)
    // Won deals are not open pipeline; the first stage comes before the second.
    expect(res.body.data.openByStage).toEqual([
      { pipelineId: pipeline.id, pipelineName: expect.any(String), stageId: stage.first.id, stageName: stage.first.name, currency: 'EUR', count: 1, value: '20.00' },
      { pipelineId: pipeline.id, pipelineName: expect.any(String), stageId: stage.second.id, stageName: stage.second.name, currency: 'EUR', count: 1, value: '30.00' },
    ])
    expect(res.body.data.closedThisMonth).toEqual([{ status: 'won', currency: 'EUR', count: 1, value: '70.00' }])
  })

  it('answers 404 for another organization\'s pipeline', async () => {
    const answers = await Promise.all([
      call('GET', `/api/v1/pipelines/${other.pipeline.id}/totals`, { token: acme.token }),
      call('GET', `/api/v1/pipelines/${other.pipeline.id}`, { token: acme.token }),
      call('PUT', `/api/v1/pipelines/${other.pipeline.id}`, { token: acme.token, body: { name: 'Mine' } }),
      call('DELETE', `/api/v1/pipelines/${other.pipeline.id}`, { token: acme.token }),
      call('GET', `/api/v1/pipelines/${other.pipeline.id}/history`, { token: acme.token }),
    ])
    expect(answers.map(a => a.status)).toEqual([404, 404, 404, 404, 404])
  })
})
