import { describe, expect, it } from 'vitest'
import { ROLES } from '../../shared/domain'
import { hasRole } from '../../server/utils/auth'

describe('role hierarchy', () => {
  it('orders owner ⊃ admin ⊃ member ⊃ viewer', () => {
    const table = ROLES.map(actual => ROLES.map(minimum => hasRole(actual, minimum)))
    expect(table).toEqual([
      [true, true, true, true],
      [false, true, true, true],
      [false, false, true, true],
      [false, false, false, true],
    ])
  })
})
