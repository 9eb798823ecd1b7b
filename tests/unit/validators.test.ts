import { describe, expect, it } from 'vitest'
import {
  activityUpdate, companyCreate, companyUpdate, contactCreate, contactUpdate, dealCreate, dealUpdate, listQuery, money, pipelineCreate, pipelineUpdate,
} from '../../shared/schemas'

describe('shared validators', () => {
  it('normalises a contact: trims, lower-cases the email, de-duplicates tags, blanks become null', () => {
    const parsed = contactCreate.parse({ firstName: ' Jürgen ', lastName: 'Weiß', email: ' J.Weiss@Example.DE ', phone: '', tags: ['VIP', 'VIP', 'Messe'] })
    expect(parsed).toEqual({ firstName: 'Jürgen', lastName: 'Weiß', email: 'j.weiss@example.de', phone: null, tags: ['VIP', 'Messe'] })
  })

  it('rejects unknown fields so mass assignment cannot smuggle orgId or id', () => {
    const result = contactCreate.safeParse({ firstName: 'A', lastName: 'B', orgId: '0190a000-0000-7000-8000-000000000001' })
    expect(result.success).toBe(false)
    expect(contactUpdate.safeParse({ id: 'x' }).success).toBe(false)
  })

  it('reports each problem with its path', () => {
    const result = contactCreate.safeParse({ firstName: '', email: 'not-an-email' })
    expect(result.success).toBe(false)
    const paths = result.error!.issues.map(i => i.path.join('.'))
    expect(paths).toEqual(expect.arrayContaining(['firstName', 'lastName', 'email']))
  })

  it('keeps money exact and refuses floats beyond cents, negatives and exponents', () => {
    expect(money.parse('12500.5')).toBe('12500.5')
    expect(money.parse(99.99)).toBe('99.99')
    for (const bad of ['-1', '1.234', '1e5', 'NaN', '', '1234567890123']) expect(money.safeParse(bad).success, bad).toBe(false)
    expect(dealCreate.parse({ title: 'Rahmenvertrag', pipelineId: '0190a000-0000-7000-8000-000000000001' }).value).toBe('0')
  })

  it('accepts a website without scheme and refuses javascript: URLs', () => {
    expect(companyCreate.parse({ name: 'Muster GmbH', website: 'muster.de' }).website).toBe('https://muster.de')
    expect(companyCreate.safeParse({ name: 'X', website: 'javascript:alert(1)' }).success).toBe(false)
  })

  it('requires an open stage and unique stage names in a pipeline', () => {
    const stage = (name: string, kind: 'open' | 'won' | 'lost') => ({ name, probability: 50, kind })
    expect(pipelineCreate.safeParse({ name: 'P', stages: [stage('Won', 'won')] }).success).toBe(false)
    expect(pipelineCreate.safeParse({ name: 'P', stages: [stage('A', 'open'), stage('a', 'won')] }).success).toBe(false)
    expect(pipelineCreate.safeParse({ name: 'P', stages: [stage('A', 'open'), stage('B', 'won')] }).success).toBe(true)
  })

  it('pages lists with defaults and bounds', () => {
    expect(listQuery.parse({})).toEqual({ page: 1, limit: 20 })
    expect(listQuery.parse({ page: '3', limit: '100' })).toMatchObject({ page: 3, limit: 100 })
    expect(listQuery.safeParse({ limit: '101' }).success).toBe(false)
    expect(listQuery.safeParse({ page: '0' }).success).toBe(false)
    expect(listQuery.safeParse({ unknown: '1' }).success).toBe(false)
  })

  it('fills no defaults into an update: a field left out stays unchanged', () => {
    const updates = { activityUpdate, companyUpdate, contactUpdate, dealUpdate, pipelineUpdate }
    for (const [name, schema] of Object.entries(updates)) expect(schema.parse({}), name).toEqual({})
    expect(contactCreate.parse({ firstName: 'A', lastName: 'B' }).tags).toEqual([])
  })
})
