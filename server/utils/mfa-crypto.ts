import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { serverEnv } from './env'

// Second-factor secrets at rest: TOTP secrets encrypted with AES-256-GCM, recovery codes as
// an HMAC under a key derived from the same MFA_ENCRYPTION_KEY (a dump of the database alone
// neither reveals a secret nor lets anyone test guesses at a code offline).

const VERSION = 'v1'
const IV_BYTES = 12

let key: Buffer | undefined

/** The key as configured: 32 bytes, written as 64 hex digits or as base64/base64url. */
export function parseMfaKey(value: string): Buffer | null {
  const text = value.trim()
  const bytes = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64')
  return bytes.length === 32 ? bytes : null
}

/**
 * MFA_ENCRYPTION_KEY, required with PostgreSQL in production (the server does not start
 * without it, server/plugins/secrets.ts). The embedded single-machine mode and development
 * keep a random key in `mfa-key` beside the PGlite data, as they do the JWT signing key;
 * losing that file makes every enrolled authenticator unusable (recovery codes too).
 */
export function mfaKey(): Buffer {
  if (key) return key
  const env = serverEnv()
  if (env.MFA_ENCRYPTION_KEY) {
    const parsed = parseMfaKey(env.MFA_ENCRYPTION_KEY)
    if (!parsed) throw new Error('MFA_ENCRYPTION_KEY must be 32 bytes, as 64 hex digits or base64 (openssl rand -base64 32)')
    return (key = parsed)
  }
  if (env.DATABASE_URL && env.NODE_ENV === 'production') {
    throw new Error('MFA_ENCRYPTION_KEY (32 bytes, e.g. `openssl rand -base64 32`) is required in production')
  }
  const file = join(env.PGLITE_DIR.includes('://') ? '.data' : dirname(env.PGLITE_DIR), 'mfa-key')
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 })
  }
  const stored = parseMfaKey(readFileSync(file, 'utf8'))
  if (!stored) throw new Error(`${file} does not hold a 32-byte key`)
  return (key = stored)
}

const subkey = (purpose: string) => createHmac('sha256', mfaKey()).update(`pulse mfa ${purpose} ${VERSION}`).digest()

/** `v1.<iv>.<tag>.<ciphertext>` (base64url), bound to the person it belongs to (additional data). */
export function encryptSecret(plain: string, owner: string): string {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', subkey('totp'), iv)
  cipher.setAAD(Buffer.from(owner))
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map(part => (typeof part === 'string' ? part : part.toString('base64url'))).join('.')
}

/** The plain secret; throws when the text was altered, belongs to someone else or the key changed. */
export function decryptSecret(stored: string, owner: string): string {
  const [version, iv, tag, ciphertext] = stored.split('.')
  if (version !== VERSION || !iv || !tag || !ciphertext) throw new Error('Unknown second-factor secret format')
  const decipher = createDecipheriv('aes-256-gcm', subkey('totp'), Buffer.from(iv, 'base64url'))
  decipher.setAAD(Buffer.from(owner))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8')
}

/** Recovery codes as people type them: case, spaces and dashes do not matter. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '')
}

export function hashRecoveryCode(code: string): string {
  return createHmac('sha256', subkey('recovery')).update(normalizeRecoveryCode(code)).digest('hex')
}

// 32 letters and digits, without 0/o and 1/l that read alike: ten of them carry 50 bits.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'

/** A new recovery code, `xxxxx-xxxxx`. */
export function newRecoveryCode(): string {
  const bytes = randomBytes(10)
  const chars = [...bytes].map(b => ALPHABET[b % 32]!)
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`
}
