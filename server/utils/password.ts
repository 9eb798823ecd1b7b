import argon2 from 'argon2'
import { dictionary } from '@zxcvbn-ts/language-common'
import { validationError } from './api'

// OWASP's Argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export const PASSWORD_MIN_LENGTH = 8
export const PASSWORD_MAX_LENGTH = 256

export function hashPassword(plain: string): Promise<string> {
  return argon2.hash(plain, OPTIONS)
}

let dummyHash: Promise<string> | undefined

/**
 * Verifies a password; with no stored hash it still spends one verification on a
 * dummy so an unknown email answers in the same time as a wrong password.
 */
export async function verifyPassword(hash: string | null | undefined, plain: string): Promise<boolean> {
  if (!hash) {
    dummyHash ??= hashPassword('pulse-timing-equaliser')
    await argon2.verify(await dummyHash, plain).catch(() => false)
    return false
  }
  return argon2.verify(hash, plain).catch(() => false)
}

// zxcvbn-ts's list of ~49,000 passwords seen most often in breaches (MIT), built on first use.
let commonPasswords: Set<string> | undefined

/** Whether a password is on the shipped common-password list (compared case-insensitively). */
export function isCommonPassword(plain: string): boolean {
  commonPasswords ??= new Set(dictionary['passwords-common'].map(p => p.toLowerCase()))
  return commonPasswords.has(plain.normalize('NFKC').toLowerCase())
}

/**
 * The server's rule for a new password: 8–256 characters and not a common one.
 * Throws a 400 VALIDATION_ERROR whose detail names `path`, the field the client sent it in.
 */
export function assertAcceptablePassword(plain: string, path = 'password'): void {
  const length = [...plain].length
  let message: string | undefined
  if (length < PASSWORD_MIN_LENGTH) message = `must be at least ${PASSWORD_MIN_LENGTH} characters`
  else if (length > PASSWORD_MAX_LENGTH) message = `must be at most ${PASSWORD_MAX_LENGTH} characters`
  else if (isCommonPassword(plain)) message = 'is too common: it appears in lists of leaked passwords'
  if (message) throw validationError('Invalid password', [{ path, message }])
}
