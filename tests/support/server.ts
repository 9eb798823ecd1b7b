import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const SERVER = '.output/server/index.mjs'

/** The signing key of test servers, for tests that need a token the server would have issued. */
export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing'
/** The second-factor key of test servers (32 bytes, base64). */
export const TEST_MFA_KEY = Buffer.from('test-mfa-key-that-is-32-bytes!!!').toString('base64')
const READY_TIMEOUT_MS = 90_000

export interface TestServer {
  baseUrl: string
  /** Everything the server printed so far. */
  output: () => string
  /** Sends a signal to the server process (shutdown tests; SIGKILL for a crash, after which its data stays). */
  kill: (signal: NodeJS.Signals) => void
  /** Resolves with the exit code once the process has ended (null when a signal ended it). */
  exited: Promise<number | null>
  stop: () => Promise<void>
}

/**
 * Servers still running. A test whose hook timed out never gets the server it was
 * starting, so no afterAll stops it: whatever is left here when the test process ends
 * is killed, instead of spinning on without an owner.
 */
const running = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const address = srv.address()
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/**
 * Starts the production build (`npm test` builds it first when sources changed) on a free
 * loopback port with its own embedded database, and waits until /api/ready answers.
 * `env` overrides the defaults (and the inherited environment); an empty string unsets.
 */
export async function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` (npm test does it for you)`)
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'pulse-test-'))
  let output = ''
  const child = spawn(process.execPath, [SERVER], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: '',
      PGLITE_DIR: join(dataDir, 'pglite'),
      PULSE_SEED_DEMO: 'always',
      JWT_SECRET: TEST_JWT_SECRET,
      MFA_ENCRYPTION_KEY: TEST_MFA_KEY,
      // The header's unread count refreshes every 2 s, so a test sees a new notification quickly.
      NUXT_PUBLIC_NOTIFICATION_POLL_MS: '2000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  const collect = (chunk: Buffer) => {
    output += chunk
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const exited = new Promise<number | null>(resolve => child.once('exit', (code) => {
    running.delete(child)
    resolve(code)
  }))
  const baseUrl = `http://127.0.0.1:${port}`

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
    rmSync(dataDir, { recursive: true, force: true })
  }

  const deadline = Date.now() + READY_TIMEOUT_MS
  for (;;) {
    if (child.exitCode !== null) {
      await stop()
      throw new Error(`server exited with ${child.exitCode}:\n${output}`)
    }
    try {
      if ((await fetch(`${baseUrl}/api/ready`)).ok) break
    }
    catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`server did not become ready:\n${output}`)
    }
    await new Promise(r => setTimeout(r, 200))
  }
  return { baseUrl, output: () => output, kill: signal => child.kill(signal), exited, stop }
}
