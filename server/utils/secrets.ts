import { createHash, randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { resultRows } from '../database/client'
import { withoutTenant } from './tenant'

export type SecretKind = 'refresh' | 'api_key' | 'invitation' | 'password_reset'

/** A new opaque secret: 256 random bits, URL-safe, with an optional readable prefix (`pk_…`). */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`
}

/** Secrets are stored only as their SHA-256; 256-bit randomness makes a salt unnecessary. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

/** The organization a presented secret belongs to, or null; the only cross-tenant step of token checks. */
export async function organizationOfSecret(kind: SecretKind, secret: string): Promise<string | null> {
  const hash = hashSecret(secret)
  const result = await withoutTenant(tx => tx.execute(sql`select auth_token_org(${kind}, ${hash}) as org`))
  return resultRows<{ org: string | null }>(result)[0]?.org ?? null
}
