import { z } from 'zod'

const schema = z.object({
  // Unset means production: development conveniences (the mail outbox) must be asked for.
  NODE_ENV: z.string().default('production'),
  DATABASE_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  DATABASE_MIGRATION_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** How long a request waits for a free pool connection before it answers 503 (PostgreSQL only). */
  DATABASE_POOL_WAIT_MS: z.coerce.number().int().min(10).max(60_000).default(5000),
  /** Longest a single SQL statement (lock waits included) may run before it is cancelled and the request answers 503. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  PGLITE_DIR: z.string().default('.data/pglite'),
  PULSE_SEED_DEMO: z.enum(['auto', 'always', 'never']).default('auto'),
  JWT_SECRET: z.string().min(32).optional().or(z.literal('').transform(() => undefined)),
  JWT_ISSUER: z.string().default('pulse'),
  /** 32 bytes (hex or base64) that encrypt second-factor secrets at rest (server/utils/mfa-crypto.ts). */
  MFA_ENCRYPTION_KEY: z.string().optional().or(z.literal('').transform(() => undefined)),
  /** Public URL of the app, for links in emails (invitations, password resets). */
  APP_URL: z.string().url().default('http://localhost:3000'),
  RESEND_API_KEY: z.string().optional().or(z.literal('').transform(() => undefined)),
  MAIL_FROM: z.string().default('Pulse CRM <no-reply@pulse.test>'),
  REDIS_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  /** Requests per minute: without an identity (per IP), with one (per user or API key), and on auth entry points (per IP). */
  RATE_LIMIT_ANONYMOUS: z.coerce.number().int().min(1).default(100),
  RATE_LIMIT_AUTHENTICATED: z.coerce.number().int().min(1).default(1000),
  RATE_LIMIT_AUTH: z.coerce.number().int().min(1).default(10),
  /** Start of every rate-limit key in Redis, so deployments (or test runs) sharing one Redis never share counters. */
  RATE_LIMIT_PREFIX: z.string().regex(/^[\w:.-]{1,64}$/, 'letters, digits and _ : . - only').default('pulse:rl'),
  /** Comma-separated proxy addresses whose X-Forwarded-For is believed (e.g. the nginx container). */
  TRUSTED_PROXIES: z.string().default('').transform(v => v.split(',').map(s => s.trim()).filter(Boolean)),
  /** Comma-separated origins allowed to call the API from a browser (CORS). */
  CORS_ORIGINS: z.string().default('').transform(v => v.split(',').map(s => s.trim()).filter(Boolean)),
  /** Bearer token Prometheus sends to GET /metrics; unset, /metrics answers 404. */
  METRICS_TOKEN: z.string().min(32, 'at least 32 characters').optional().or(z.literal('').transform(() => undefined)),
  /**
   * Longest a sign-in lasts, however often its refresh token is renewed (30 days); then the
   * person signs in again. The renewal window itself stays 7 days.
   */
  SESSION_MAX_AGE_SECONDS: z.coerce.number().int().min(1).max(365 * 24 * 60 * 60).default(30 * 24 * 60 * 60),
  /**
   * Web push (VAPID): the key pair as `web-push generate-vapid-keys` prints it, and who the
   * push services may contact (mailto: or https:). In production push is off without them;
   * elsewhere a pair is generated once and kept beside the embedded database.
   */
  VAPID_PUBLIC_KEY: z.string().regex(/^[\w-]{80,100}$/, 'a base64url P-256 public key').optional().or(z.literal('').transform(() => undefined)),
  VAPID_PRIVATE_KEY: z.string().regex(/^[\w-]{40,50}$/, 'a base64url P-256 private key').optional().or(z.literal('').transform(() => undefined)),
  VAPID_SUBJECT: z.string().regex(/^(mailto:|https:\/\/)\S+$/, 'a mailto: or https: URL').optional().or(z.literal('').transform(() => undefined)),
  /**
   * Lets server-side requests to addresses others chose (push services) reach private,
   * loopback and link-local addresses in production, e.g. a push relay inside the network.
   * Off by default: such requests are refused after DNS resolution.
   */
  OUTBOUND_ALLOW_PRIVATE: z.enum(['true', 'false', '']).default('').transform(v => v === 'true'),
  /** Largest accepted request body in bytes. */
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
})

export type ServerEnv = z.infer<typeof schema>

let cached: ServerEnv | undefined

/** Server settings from the environment, validated once; a bad value stops the start with a clear message. */
export function serverEnv(): ServerEnv {
  if (cached) return cached
  const parsed = schema.safeParse(process.env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map(i => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`Invalid server configuration: ${problems}`)
  }
  cached = parsed.data
  return cached
}

/**
 * The base of links in mails: APP_URL, except outside production, where the origin the
 * causing request was sent to wins, so a development server on another port or host
 * mails links that lead back to it.
 */
export function appUrlFor(origin?: { appUrl?: string | null }): string {
  return (serverEnv().NODE_ENV !== 'production' && origin?.appUrl) || serverEnv().APP_URL
}
