import { z } from 'zod'

const schema = z.object({
  NODE_ENV: z.string().default('development'),
  DATABASE_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  DATABASE_MIGRATION_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  PGLITE_DIR: z.string().default('.data/pglite'),
  PULSE_SEED_DEMO: z.enum(['auto', 'always', 'never']).default('auto'),
  JWT_SECRET: z.string().min(32).optional().or(z.literal('').transform(() => undefined)),
  JWT_ISSUER: z.string().default('pulse'),
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
