import { describe, expect, it } from 'vitest'
import { ApiError } from '../../server/utils/api'
import { assertAcceptablePassword, hashPassword, isCommonPassword, verifyPassword } from '../../server/utils/password'
import { changePasswordInput, loginInput, registerInput, resetPasswordInput } from '../../shared/schemas'

function refusal(plain: string, path?: string): ApiError {
  try {
    assertAcceptablePassword(plain, path)
  }
  catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error(`"${plain}" was accepted`)
}

describe('common passwords', () => {
  it('knows the passwords people pick most, in any letter case', () => {
    for (const plain of ['password', '12345678', 'iloveyou', 'qwertyuiop', 'PASSWORD1', 'Passwort', 'fussball', 'trustno1']) {
      expect(isCommonPassword(plain), plain).toBe(true)
    }
  })

  it('lets ordinary, uncommon passwords through', () => {
    for (const plain of ['correct horse battery staple', 'pulse-demo-2026', 'Kx9!vR2#mQ7z', 'Zwei Kaffee, bitte!']) {
      expect(isCommonPassword(plain), plain).toBe(false)
    }
  })
})

describe('assertAcceptablePassword', () => {
  it('accepts 8 to 256 characters that are not common', () => {
    expect(() => assertAcceptablePassword('correct horse battery staple')).not.toThrow()
    expect(() => assertAcceptablePassword('x'.repeat(255) + 'y')).not.toThrow()
  })

  it('refuses a common password with a 400 naming the field', () => {
    const error = refusal('Password1')
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_ERROR' })
    expect(error.details).toEqual([{ path: 'password', message: expect.stringContaining('too common') }])
    expect(refusal('sunshine', 'newPassword').details).toEqual([{ path: 'newPassword', message: expect.any(String) }])
  })

  it('refuses passwords that are too short or too long', () => {
    expect(refusal('Kx9!vR2').details![0]!.message).toBe('must be at least 8 characters')
    expect(refusal('x'.repeat(257)).details![0]!.message).toBe('must be at most 256 characters')
  })
})

describe('hashing', () => {
  it('hashes with Argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse battery staple')
    expect(hash).toMatch(/^\$argon2id\$/)
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true)
    expect(await verifyPassword(hash, 'wrong horse battery staple')).toBe(false)
    expect(await verifyPassword(null, 'anything')).toBe(false)
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false)
  })
})

describe('account validators', () => {
  it('normalise the email and refuse unknown fields', () => {
    const input = registerInput.parse({ organizationName: ' Muster GmbH ', name: ' Erika ', email: ' Erika@Example.DE ', password: 'long enough' })
    expect(input).toEqual({ organizationName: 'Muster GmbH', name: 'Erika', email: 'erika@example.de', password: 'long enough' })
    expect(registerInput.safeParse({ ...input, role: 'owner' }).success).toBe(false)
    expect(loginInput.safeParse({ email: 'a@b.de', password: 'x', orgId: '1' }).success).toBe(false)
  })

  it('apply the length rule to new passwords only', () => {
    expect(loginInput.safeParse({ email: 'a@b.de', password: 'short' }).success).toBe(true)
    expect(changePasswordInput.safeParse({ currentPassword: 'short', newPassword: 'short' }).error!.issues.map(i => i.path.join('.'))).toEqual(['newPassword'])
    expect(resetPasswordInput.safeParse({ token: '', password: 'long enough' }).error!.issues.map(i => i.path.join('.'))).toEqual(['token'])
  })
})
