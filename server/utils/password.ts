import argon2 from 'argon2'

// OWASP's Argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

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
