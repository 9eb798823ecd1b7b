import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO } from '../support/http'
import { freePort, startServer, type TestServer } from '../support/server'

// Two processes of the built app share one Redis under a prefix of this run's own, with
// budgets low enough to reach in a few requests. `a` trusts no proxy; `b` trusts loopback,
// so a test can speak to `b` "through a proxy" from any client address it likes.
const REDIS_URL = process.env.PULSE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const PREFIX = `pulse-test:${randomBytes(6).toString('hex')}`
const ANONYMOUS = 6
const AUTHENTICATED = 8
const AUTH = 4
const LIMITS = {
  REDIS_URL,
  RATE_LIMIT_PREFIX: PREFIX,
  RATE_LIMIT_ANONYMOUS: String(ANONYMOUS),
  RATE_LIMIT_AUTHENTICATED: String(AUTHENTICATED),
  RATE_LIMIT_AUTH: String(AUTH),
}

let a: TestServer
let b: TestServer

interface Answer { status: number, headers: Headers, body: { success: boolean, data?: Record<string, unknown>, error?: { code: string, message: string } } }

async function hit(server: TestServer, path: string, options: { method?: string, token?: string, forwardedFor?: string, body?: unknown } = {}): Promise<Answer> {
  const headers: Record<string, string> = {}
  if (options.token) headers.authorization = `Bearer ${options.token}`
  if (options.forwardedFor) headers['x-forwarded-for'] = options.forwardedFor
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(`${server.baseUrl}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  })
  return { status: res.status, headers: res.headers, body: await res.json() as Answer['body'] }
}

/** The header as a number; a missing header fails the test rather than reading as 0. */
function remaining(res: Answer): number {
  const value = res.headers.get('ratelimit-remaining')
  expect(value, 'RateLimit-Remaining header').toMatch(/^\d+$/)
  return Number(value)
}
const signIn = (server: TestServer, email: string, password: string, forwardedFor?: string) =>
  hit(server, '/api/v1/auth/login', { method: 'POST', body: { email, password }, forwardedFor })

beforeAll(async () => {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0 })
  try {
    await redis.connect()
    expect(await redis.ping()).toBe('PONG')
  }
  catch (error) {
    throw new Error(`Redis at ${REDIS_URL} is not answering (.ci/run starts it)`, { cause: error })
  }
  finally {
    redis.disconnect()
  }
  ;[a, b] = await Promise.all([
    startServer({ ...LIMITS, TRUSTED_PROXIES: '' }),
    startServer({ ...LIMITS, TRUSTED_PROXIES: '127.0.0.1' }),
  ])
})

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()])
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 0 })
  const keys = await redis.keys(`${PREFIX}:*`)
  if (keys.length) await redis.del(...keys)
  redis.disconnect()
})

describe('rate limits shared through Redis', () => {
  it('counts anonymous requests spread over both processes against one budget per address', async () => {
    const answers: Answer[] = []
    for (let i = 0; i < ANONYMOUS + 2; i++) answers.push(await hit(i % 2 ? b : a, '/api/v1/nope'))
    expect(answers.map(r => r.status)).toEqual([...Array<number>(ANONYMOUS).fill(404), 429, 429])
    expect(answers.slice(0, ANONYMOUS).map(remaining)).toEqual([5, 4, 3, 2, 1, 0])
    for (const res of answers) expect(res.headers.get('ratelimit-limit')).toBe(String(ANONYMOUS))
  })

  it('answers over-budget requests with 429 RATE_LIMITED, Retry-After and the RateLimit headers', async () => {
    const client = '198.51.100.99'
    let res: Answer | undefined
    for (let i = 0; i <= ANONYMOUS && res?.status !== 429; i++) res = await hit(b, '/api/v1/nope', { forwardedFor: client })
    expect(res!.status).toBe(429)
    expect(res!.headers.get('content-type')).toContain('application/json')
    expect(res!.body).toEqual({ success: false, error: { code: 'RATE_LIMITED', message: expect.any(String) } })
    const retryAfter = Number(res!.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(60)
    expect(res!.headers.get('ratelimit-limit')).toBe(String(ANONYMOUS))
    expect(res!.headers.get('ratelimit-remaining')).toBe('0')
    expect(Number(res!.headers.get('ratelimit-reset'))).toBe(retryAfter)
    expect(res!.headers.get('ratelimit-policy')).toBe(`${ANONYMOUS};w=60`)
  })

  it('keys signed-in users by user, so a colleague behind the same address is not throttled', async () => {
    // Sign in "through the proxy" from an address of their own, then work from loopback,
    // whose anonymous budget the first test used up.
    const office = '203.0.113.10'
    const demo = await signIn(b, DEMO.email, DEMO.password, office)
    const colleague = await signIn(b, 'stefan.koehler@pulse.test', DEMO.password, office)
    expect([demo.status, colleague.status]).toEqual([200, 200])
    const demoToken = demo.body.data!.accessToken as string
    const colleagueToken = colleague.body.data!.accessToken as string

    const answers: Answer[] = []
    for (let i = 0; i < AUTHENTICATED + 1; i++) answers.push(await hit(b, '/api/v1/auth/me', { token: demoToken }))
    expect(answers.map(r => r.status)).toEqual([...Array<number>(AUTHENTICATED).fill(200), 429])
    expect(answers[0]!.headers.get('ratelimit-limit')).toBe(String(AUTHENTICATED))

    const other = await hit(b, '/api/v1/auth/me', { token: colleagueToken })
    expect(other.status).toBe(200)
    expect(remaining(other)).toBe(AUTHENTICATED - 1)
    // Anonymous traffic from loopback stays refused: the user budgets did not touch it.
    expect((await hit(b, '/api/v1/nope')).status).toBe(429)
  })

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    // Loopback's anonymous budget is spent; on `a` a forged header does not buy a new one.
    for (const forged of ['198.51.100.1', '198.51.100.2', '10.0.0.1, 198.51.100.3']) {
      expect((await hit(a, '/api/v1/nope', { forwardedFor: forged })).status).toBe(429)
    }
    // `b` trusts loopback: the same header names the client, who has a fresh budget.
    const viaProxy = await hit(b, '/api/v1/nope', { forwardedFor: '198.51.100.1' })
    expect(viaProxy.status).toBe(404)
    expect(remaining(viaProxy)).toBe(ANONYMOUS - 1)
  })

  it('takes the right-most untrusted X-Forwarded-For entry, not what the client wrote before it', async () => {
    const first = await hit(b, '/api/v1/nope', { forwardedFor: '192.0.2.66, 198.51.100.20' })
    const second = await hit(b, '/api/v1/nope', { forwardedFor: '192.0.2.77, 198.51.100.20' })
    const behindTwoProxies = await hit(b, '/api/v1/nope', { forwardedFor: '192.0.2.88, 198.51.100.20, 127.0.0.1' })
    expect([first, second, behindTwoProxies].map(remaining)).toEqual([ANONYMOUS - 1, ANONYMOUS - 2, ANONYMOUS - 3])
  })

  it('counts an IPv6 client by its /64, the block one subscriber gets', async () => {
    const first = await hit(b, '/api/v1/nope', { forwardedFor: '2001:db8:1:2::a' })
    const sameNetwork = await hit(b, '/api/v1/nope', { forwardedFor: '[2001:db8:1:2:ffff::b]:443' })
    const otherNetwork = await hit(b, '/api/v1/nope', { forwardedFor: '2001:db8:1:3::a' })
    expect([first, sameNetwork, otherNetwork].map(remaining)).toEqual([ANONYMOUS - 1, ANONYMOUS - 2, ANONYMOUS - 1])
  })

  it('gives the auth entry points a stricter budget per address', async () => {
    const client = '198.51.100.120'
    const statuses: number[] = []
    for (let i = 0; i < AUTH + 1; i++) {
      statuses.push((await signIn(b, `nobody${i}@pulse.test`, 'wrong-password', client)).status)
    }
    expect(statuses).toEqual([...Array<number>(AUTH).fill(401), 429])
  })

  it('never lets failed sign-ins from other addresses lock the owner out of their account', async () => {
    // Three times the per-address budget of guesses, each from an address of its own: every one merely fails.
    const statuses: number[] = []
    for (let i = 0; i < 3 * AUTH; i++) statuses.push((await signIn(b, 'julia.weiss@pulse.test', 'wrong-password', `198.51.100.${131 + i}`)).status)
    expect(statuses).toEqual(Array<number>(3 * AUTH).fill(401))
    // The owner, from their own network, with another spelling of the address: signed in.
    const owner = await signIn(b, 'Julia.Weiss@Pulse.test', DEMO.password, '198.51.100.200')
    expect(owner.status).toBe(200)
    // The guessing addresses are still slowed by their own budget.
    const guesser = '198.51.100.131'
    for (let i = 0; i < AUTH; i++) await signIn(b, `probe${i}@pulse.test`, 'wrong-password', guesser)
    expect((await signIn(b, 'julia.weiss@pulse.test', DEMO.password, guesser)).status).toBe(429)
  })
})

describe('rate limits when Redis is down', () => {
  let lonely: TestServer

  beforeAll(async () => {
    lonely = await startServer({
      ...LIMITS,
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      PULSE_SEED_DEMO: 'never',
    })
  })

  afterAll(async () => {
    await lonely?.stop()
  })

  it('keeps limiting in the process\'s memory and says so once', async () => {
    const statuses: number[] = []
    for (let i = 0; i < ANONYMOUS + 1; i++) {
      const res = await hit(lonely, '/api/v1/nope')
      statuses.push(res.status)
      expect(res.headers.get('ratelimit-limit')).toBe(String(ANONYMOUS))
    }
    expect(statuses).toEqual([...Array<number>(ANONYMOUS).fill(404), 429])
    expect(lonely.output().match(/Redis is not answering/g)).toHaveLength(1)
  })
})
