import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
  }
}

const SERVER = '.output/server/index.mjs'

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const address = srv.address()
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

async function waitUntilReady(baseUrl: string, child: ChildProcess, log: () => string) {
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log()}`)
    try {
      const res = await fetch(`${baseUrl}/api/ready`)
      if (res.ok) return
    }
    catch { /* not listening yet */ }
    await new Promise(r => setTimeout(r, 200))
  }
  throw new Error(`server did not become ready:\n${log()}`)
}

/** Starts the production build (`npm test` builds it first when sources changed) on a free port with its own data. */
export default async function setup(project: TestProject) {
  if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` (npm test does it for you)`)
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'pulse-test-'))
  const databaseUrl = project.getProvidedContext().databaseUrl
  let output = ''
  const child = spawn(process.execPath, [SERVER], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      PGLITE_DIR: join(dataDir, 'pglite'),
      PULSE_SEED_DEMO: 'always',
      JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const collect = (chunk: Buffer) => {
    output += chunk
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const baseUrl = `http://127.0.0.1:${port}`
  await waitUntilReady(baseUrl, child, () => output)
  project.provide('baseUrl', baseUrl)

  return async () => {
    child.kill('SIGTERM')
    await new Promise(resolve => child.once('exit', resolve))
    rmSync(dataDir, { recursive: true, force: true })
    if (process.env.PULSE_TEST_SERVER_LOG) console.log(output)
  }
}
