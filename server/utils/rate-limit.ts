import { createHash } from 'node:crypto'
import { isIP } from 'node:net'
import type { H3Event } from 'h3'
import { setResponseHeader } from 'h3'
import { Redis } from 'ioredis'
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible'
import { ApiError } from './api'
import { authenticate } from './auth'
import { clientIp } from './client-ip'
import { loggable } from './error-envelope'
import { serverEnv } from './env'
import { metrics } from './metrics'
import type { TenantContext } from './tenant'

/**
 * Request budgets. Each is a fixed window counted per subject (an IP, a user, an API key
 * or an account); with REDIS_URL the counters live in Redis, atomically (one Lua call per
 * check), so every replica draws from the same budget.
 */
type BudgetName
  = | 'anonymous' | 'authenticated' | 'login' | 'register' | 'refresh' | 'forgot-password'
    | 'reset-password' | 'accept-invite' | 'change-password' | 'mfa-verify' | 'mfa-manage'

type Limiter = RateLimiterMemory | RateLimiterRedis

interface Budget { name: BudgetName, points: number, seconds: number, limiter: Limiter }

interface Outcome { budget: Budget, result: RateLimiterRes, blocked: boolean }

declare module 'h3' {
  interface H3EventContext { rateLimits?: Outcome[] }
}

/** Entry points that check a password or mint tokens; each has its own, stricter budget per IP. */
const AUTH_ENTRY_POINT = /^\/api\/v1\/auth\/(login|register|refresh|resume|forgot-password|reset-password|accept-invite|change-password|mfa\/verify|mfa\/totp\/confirm|mfa\/totp\/disable|mfa\/recovery-codes)\/*$/
/** Probes are never throttled: a load balancer must always learn the truth. */
const EXEMPT = new Set(['/api/health', '/api/ready'])

let budgets: Record<BudgetName, Budget> | undefined
let signInLimiters: { failures: Limiter, locks: Limiter } | undefined
let redis: Redis | undefined
let redisDown = false

/** `/api/**` except the health and readiness probes. */
export function isRateLimitedPath(path: string): boolean {
  const pathname = path.split('?')[0] ?? ''
  return (pathname === '/api' || pathname.startsWith('/api/')) && !EXEMPT.has(pathname)
}

/** The auth entry point a path names (`login`, `refresh`, …), or null. */
export function authEntryPoint(path: string): Exclude<BudgetName, 'anonymous' | 'authenticated'> | null {
  const match = AUTH_ENTRY_POINT.exec(path.split('?')[0] ?? '')
  // A page load resuming its session is a refresh, and draws from the same budget.
  if (match?.[1] === 'resume') return 'refresh'
  // The second step of signing in, like the first; the routes that check a code or a password to change the factor share one budget.
  if (match?.[1] === 'mfa/verify') return 'mfa-verify'
  if (match?.[1]?.startsWith('mfa/')) return 'mfa-manage'
  return (match?.[1] as ReturnType<typeof authEntryPoint>) ?? null
}

function connectRedis(url: string): Redis {
  const client = new Redis(url, {
    // Never queue or retry behind a dead connection: a failed call goes to the in-memory limiter at once.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 500,
    connectTimeout: 2000,
    retryStrategy: attempt => Math.min(attempt * 250, 5000),
  })
  client.on('error', (error: Error) => {
    if (redisDown) return
    redisDown = true
    console.warn(`[rate-limit] Redis is not answering (${error.message}); limits are counted in this process's memory until it is back`)
  })
  client.on('ready', () => {
    if (!redisDown) return
    redisDown = false
    console.info('[rate-limit] Redis is back; limits are shared again')
  })
  return client
}

/**
 * A counter of `points` per `seconds` under `name`: in Redis when REDIS_URL is set (with
 * this process's memory as insurance while Redis does not answer), else in memory.
 * `blockInMemory`: a subject over its budget is refused from memory until the window ends,
 * sparing Redis the flood (not for counters that a success clears).
 */
function limiter(name: string, points: number, seconds: number, blockInMemory: boolean): Limiter {
  const env = serverEnv()
  if (env.REDIS_URL && !redis) redis = connectRedis(env.REDIS_URL)
  const keyPrefix = `${env.RATE_LIMIT_PREFIX}:${name}`
  const memory = new RateLimiterMemory({ keyPrefix, points, duration: seconds })
  return redis
    ? new RateLimiterRedis({
        storeClient: redis,
        keyPrefix,
        points,
        duration: seconds,
        rejectIfRedisNotReady: true,
        // Redis down or slow: this process counts alone until Redis answers again.
        insuranceLimiter: memory,
        ...(blockInMemory ? { inMemoryBlockOnConsumed: points + 1 } : {}),
      })
    : memory
}

function createBudgets(): Record<BudgetName, Budget> {
  const env = serverEnv()
  const make = (name: BudgetName, points: number, seconds: number): Budget => ({ name, points, seconds, limiter: limiter(name, points, seconds, true) })
  const auth = env.RATE_LIMIT_AUTH
  return {
    'anonymous': make('anonymous', env.RATE_LIMIT_ANONYMOUS, 60),
    'authenticated': make('authenticated', env.RATE_LIMIT_AUTHENTICATED, 60),
    'login': make('login', auth, 60),
    'register': make('register', auth, 60),
    'forgot-password': make('forgot-password', auth, 60),
    'reset-password': make('reset-password', auth, 60),
    'accept-invite': make('accept-invite', auth, 60),
    // It checks the current password: a stolen access token must not buy 1000 guesses a minute.
    'change-password': make('change-password', auth, 60),
    'mfa-verify': make('mfa-verify', auth, 60),
    'mfa-manage': make('mfa-manage', auth, 60),
    // Every open tab refreshes about every 15 minutes and offices share an address: a wider budget.
    'refresh': make('refresh', auth * 6, 60),
  }
}

/** Creates the limiters (and the Redis connection) at start instead of on the first request. */
export function startRateLimits(): void {
  budgets ??= createBudgets()
  const env = serverEnv()
  console.info(env.REDIS_URL
    ? `[rate-limit] counting in Redis under "${env.RATE_LIMIT_PREFIX}:*"`
    : '[rate-limit] counting in this process\'s memory (set REDIS_URL to share limits between replicas)')
}

export async function closeRateLimits(): Promise<void> {
  const client = redis
  redis = undefined
  budgets = undefined
  signInLimiters = undefined
  if (!client) return
  try {
    await Promise.race([client.quit(), new Promise(resolve => setTimeout(resolve, 1000))])
  }
  catch { /* not connected: nothing to say goodbye to */ }
  client.disconnect()
}

/** An IPv6 client owns at least a /64, so that is the subject; IPv4 addresses count alone. */
function ipSubject(ip: string): string {
  if (isIP(ip) !== 6) return `ip:${ip}`
  let address = ip.split('%')[0]!
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address)
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number]
    address = `${address.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = '', tail] = address.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
  return `ip:${groups.slice(0, 4).map(g => Number.parseInt(g, 16).toString(16)).join(':')}::/64`
}

/** `user:<id>` or `key:<id>`: budgets follow the principal, not the office's shared address. */
function identitySubject(ctx: TenantContext): string | null {
  if (ctx.actorType === 'api_key' && ctx.apiKeyId) return `key:${ctx.apiKeyId}`
  if (ctx.userId) return `user:${ctx.userId}`
  return null
}

async function consume(budget: Budget, subject: string): Promise<Outcome | null> {
  try {
    return { budget, result: await budget.limiter.consume(subject), blocked: false }
  }
  catch (error) {
    if (error instanceof RateLimiterRes) return { budget, result: error, blocked: true }
    // Both stores failed (cannot happen with the in-memory insurance): let the request through.
    console.error('[rate-limit] limiter failed; request not counted:', loggable(error))
    return null
  }
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000))

/**
 * Reports the budget closest to its end in the IETF draft headers (RateLimit-Limit,
 * -Remaining, -Reset in seconds, -Policy) and refuses with 429 RATE_LIMITED and
 * Retry-After when any budget is spent.
 */
function settle(event: H3Event, outcomes: (Outcome | null)[]): void {
  const all = [...(event.context.rateLimits ?? []), ...outcomes.filter((o): o is Outcome => o !== null)]
  event.context.rateLimits = all
  const blocked = all.filter(o => o.blocked).sort((a, b) => b.result.msBeforeNext - a.result.msBeforeNext)[0]
  const binding = blocked ?? [...all].sort((a, b) =>
    a.result.remainingPoints - b.result.remainingPoints || b.result.msBeforeNext - a.result.msBeforeNext)[0]
  if (!binding) return
  const reset = seconds(binding.result.msBeforeNext)
  setResponseHeader(event, 'RateLimit-Limit', binding.budget.points)
  setResponseHeader(event, 'RateLimit-Remaining', blocked ? 0 : binding.result.remainingPoints)
  setResponseHeader(event, 'RateLimit-Reset', reset)
  setResponseHeader(event, 'RateLimit-Policy', [binding, ...all.filter(o => o !== binding)]
    .map(o => `${o.budget.points};w=${o.budget.seconds}`).join(', '))
  if (blocked) {
    metrics().rateLimitRejections.inc({ budget: blocked.budget.name })
    setResponseHeader(event, 'Retry-After', reset)
    throw new ApiError(429, 'RATE_LIMITED', `Too many requests; retry in ${reset} seconds`)
  }
}

/**
 * Counts an /api request: against its user or API key when the credential is valid,
 * otherwise against the client's address; auth entry points also against their own
 * per-address budget. In-process calls (server-side rendering) are not counted: the
 * page request that caused them is the client's.
 */
export async function enforceRequestLimits(event: H3Event): Promise<void> {
  const ip = clientIp(event)
  if (!ip) return
  budgets ??= createBudgets()
  const ctx = await authenticate(event)
  const identity = ctx ? identitySubject(ctx) : null
  const checks = [identity ? consume(budgets.authenticated, identity) : consume(budgets.anonymous, ipSubject(ip))]
  const entryPoint = authEntryPoint(event.path)
  if (entryPoint) checks.push(consume(budgets[entryPoint], ipSubject(ip)))
  settle(event, await Promise.all(checks))
}

// ---------------------------------------------------------------------------------------------
// Sign-in locks
// ---------------------------------------------------------------------------------------------

/** Failed sign-ins in a row, from one address to one account, before that pair is locked; each further one doubles the lock. */
export const LOCK_AFTER_FAILURES = 5
const FIRST_LOCK_SECONDS = 30
const MAX_LOCK_SECONDS = 15 * 60
/** A series of failures is forgotten a day after its first (a fixed window, like the budgets). */
const FORGET_FAILURES_AFTER_SECONDS = 24 * 60 * 60

/** Seconds a pair stays locked once it has this many failures in a row. */
export function lockSeconds(failures: number): number {
  if (failures < LOCK_AFTER_FAILURES) return 0
  return Math.min(FIRST_LOCK_SECONDS * 2 ** Math.min(failures - LOCK_AFTER_FAILURES, 10), MAX_LOCK_SECONDS)
}

/** The subject of a sign-in lock: the account's address (lower-cased, only as a hash) from one client address. */
function signInSubject(email: string, ip: string | null | undefined): string {
  const account = createHash('sha256').update(email.trim().toLowerCase()).digest('base64url').slice(0, 32)
  return `${account}:${ip ? ipSubject(ip) : 'ip:none'}`
}

export interface SignInThrottle {
  /** Counts a sign-in attempt before the password is checked; seconds to wait while locked (the attempt then is not counted), else 0. */
  attempt: () => Promise<number>
  /** The password was right: the count and any lock of this pair end. */
  succeeded: () => Promise<void>
}

/**
 * Failed sign-ins are throttled per account *and* client address (IPv6 per /64): guesses
 * from one address lock that address out of that account, after five failures for 30
 * seconds, doubling up to 15 minutes, while the owner signing in from their own network
 * is not locked out (a lock per account alone would let anyone keep a known user out).
 * Guesses spread over many addresses meet the per-address budget of the sign-in entry
 * point at each. The subject is the email, whether or not it has an account, so a lock
 * never tells which addresses do. Counted in Redis with REDIS_URL (one count for every
 * replica), atomically: of a burst of guesses, only as many get through as the lock allows.
 */
export function signInThrottle(email: string, ip: string | null | undefined): SignInThrottle {
  return throttleOf(signInSubject(email, ip))
}

/**
 * The second step of signing in is locked per person, from every address at once, on the
 * same schedule: whoever gets that far knows the password, and would otherwise try codes
 * from many addresses. The password step of everyone else (and this person's own from
 * their addresses) stays open.
 */
export function secondFactorThrottle(userId: string): SignInThrottle {
  return throttleOf(`mfa:${userId}`)
}

function throttleOf(subject: string): SignInThrottle {
  const { failures, locks } = signInLimits()
  return {
    async attempt() {
      const counted = await failures.consume(subject)
      const n = counted.consumedPoints
      if (n < LOCK_AFTER_FAILURES) return 0
      try {
        await locks.consume(subject)
      }
      catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error
        await failures.reward(subject, 1)
        return seconds(error.msBeforeNext)
      }
      await locks.block(subject, lockSeconds(n))
      return 0
    },
    async succeeded() {
      await Promise.all([failures.delete(subject), locks.delete(subject)])
    },
  }
}

/** Ends the lock of an account and address early, as its expiry would, keeping the count (operators, tests). */
export async function liftSignInLock(email: string, ip: string | null | undefined): Promise<void> {
  await signInLimits().locks.delete(signInSubject(email, ip))
}

function signInLimits(): { failures: Limiter, locks: Limiter } {
  return signInLimiters ??= {
    failures: limiter('sign-in-failures', Number.MAX_SAFE_INTEGER, FORGET_FAILURES_AFTER_SECONDS, false),
    // One attempt may pass at a time once the count reaches the limit: the gate is taken by it and then closed for the lock's length.
    locks: limiter('sign-in-lock', 1, FORGET_FAILURES_AFTER_SECONDS, false),
  }
}
