import { beforeAll, describe, expect, it, vi } from 'vitest'

let crypto: typeof import('../../server/utils/mfa-crypto')
const KEY = Buffer.alloc(32, 7).toString('base64')
const OWNER = '0190a000-0000-7000-8000-000000000001'

beforeAll(async () => {
  process.env.MFA_ENCRYPTION_KEY = KEY
  crypto = await import('../../server/utils/mfa-crypto')
})

describe('second-factor secrets at rest', () => {
  it('encrypts with a fresh IV each time and decrypts for the same person', () => {
    const a = crypto.encryptSecret('JBSWY3DPEHPK3PXP', OWNER)
    const b = crypto.encryptSecret('JBSWY3DPEHPK3PXP', OWNER)
    expect(a).not.toBe(b)
    expect(a).not.toContain('JBSWY3DPEHPK3PXP')
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(crypto.decryptSecret(a, OWNER)).toBe('JBSWY3DPEHPK3PXP')
  })

  it('refuses a ciphertext that was altered or moved to another person', () => {
    const stored = crypto.encryptSecret('JBSWY3DPEHPK3PXP', OWNER)
    const [v, iv, tag, data] = stored.split('.')
    const flipped = Buffer.from(data!, 'base64url')
    flipped[0]! ^= 1
    expect(() => crypto.decryptSecret([v, iv, tag, flipped.toString('base64url')].join('.'), OWNER)).toThrow()
    expect(() => crypto.decryptSecret(stored, '0190a000-0000-7000-8000-000000000002')).toThrow()
  })

  it('reads the key as base64 or hex, 32 bytes only', () => {
    expect(crypto.parseMfaKey(KEY)).toHaveLength(32)
    expect(crypto.parseMfaKey('ab'.repeat(32))).toHaveLength(32)
    expect(crypto.parseMfaKey('too-short')).toBeNull()
    expect(crypto.parseMfaKey(Buffer.alloc(31).toString('base64'))).toBeNull()
  })
})

describe('recovery codes', () => {
  it('are ten letters and digits that cannot be misread, hashed alike however they are typed', () => {
    const code = crypto.newRecoveryCode()
    expect(code).toMatch(/^[a-km-np-z2-9]{5}-[a-km-np-z2-9]{5}$/)
    expect(crypto.hashRecoveryCode(` ${code.toUpperCase().replace('-', ' ')} `.trim())).toBe(crypto.hashRecoveryCode(code))
    expect(crypto.hashRecoveryCode(code)).not.toContain(code.replace('-', ''))
  })
})

describe('the key', () => {
  it('is required in production with PostgreSQL: the server refuses to start without it', async () => {
    const saved = { ...process.env }
    try {
      vi.resetModules()
      Object.assign(process.env, { NODE_ENV: 'production', DATABASE_URL: 'postgres://pulse@127.0.0.1:5432/pulse', MFA_ENCRYPTION_KEY: '' })
      const fresh = await import('../../server/utils/mfa-crypto')
      expect(() => fresh.mfaKey()).toThrow(/MFA_ENCRYPTION_KEY .* is required in production/)
      vi.resetModules()
      process.env.MFA_ENCRYPTION_KEY = 'not a key'
      const again = await import('../../server/utils/mfa-crypto')
      expect(() => again.mfaKey()).toThrow(/must be 32 bytes/)
    }
    finally {
      process.env = saved
      vi.resetModules()
    }
  })
})
