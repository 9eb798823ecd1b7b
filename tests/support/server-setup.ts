import { randomBytes } from 'node:crypto'
import type { TestProject } from 'vitest/node'
import { RESEND_TEST_KEY } from './mail-server'
import { startServer } from './server'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
  }
}

/** The one browser origin the test server allows cross-origin (security.test.ts). */
export const CORS_ORIGIN = 'https://app.pulse.test'

/**
 * The built server the api and e2e suites talk to. Its rate limits are far above what the
 * suites send (rate-limit.test.ts starts its own servers with low ones), and with REDIS_URL
 * its counters get a prefix of their own so parallel runs never share a budget.
 */
export default async function setup(project: TestProject) {
  const { databaseUrl, mailServerUrl } = project.getProvidedContext()
  const server = await startServer({
    DATABASE_URL: databaseUrl,
    // Mail goes to the fake Resend API of mail-server.ts when that setup runs first.
    ...(mailServerUrl ? { RESEND_BASE_URL: mailServerUrl, RESEND_API_KEY: RESEND_TEST_KEY } : {}),
    RATE_LIMIT_ANONYMOUS: '100000',
    RATE_LIMIT_AUTHENTICATED: '100000',
    RATE_LIMIT_AUTH: '10000',
    RATE_LIMIT_PREFIX: `pulse-test:${randomBytes(6).toString('hex')}`,
    CORS_ORIGINS: CORS_ORIGIN,
    // The duplicate scan picks up changes within half a second, so its tests wait briefly.
    PULSE_DUPLICATE_SCAN_INTERVAL_MS: '500',
  })
  project.provide('baseUrl', server.baseUrl)

  return async () => {
    await server.stop()
    if (process.env.PULSE_TEST_SERVER_LOG) console.log(server.output())
  }
}
