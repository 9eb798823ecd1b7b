import { describe, expect, it } from 'vitest'
import { activityListQuery, contactListQuery, dealListQuery } from '../../shared/schemas'

describe('list query validators', () => {
  it('parses a multi-field sort with directions', () => {
    expect(contactListQuery.parse({ sort: 'lastName,-createdAt' }).sort).toEqual([
      { field: 'lastName', direction: 'asc' },
      { field: 'createdAt', direction: 'desc' },
    ])
  })

  it('rejects unknown sort fields, repeated fields and unknown filters', () => {
    expect(contactListQuery.safeParse({ sort: 'password' }).success).toBe(false)
    expect(contactListQuery.safeParse({ sort: 'lastName,-lastName' }).success).toBe(false)
    expect(contactListQuery.safeParse({ orgId: '0190a000-0000-7000-8000-000000000001' }).success).toBe(false)
    expect(dealListQuery.safeParse({ stage: 'x' }).success).toBe(false)
  })

  it('reads booleans and amounts from query strings strictly', () => {
    expect(activityListQuery.parse({ done: 'false' }).done).toBe(false)
    expect(activityListQuery.safeParse({ done: 'yes' }).success).toBe(false)
    expect(dealListQuery.safeParse({ minValue: '1e9' }).success).toBe(false)
    expect(dealListQuery.safeParse({ status: 'pending' }).success).toBe(false)
  })
})
