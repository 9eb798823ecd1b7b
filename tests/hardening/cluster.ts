import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../support/server'

/**
 * A PostgreSQL cluster of the test's own (initdb into a temporary directory, its own
 * port), so a test may stop, kill and restart the database without touching the one
 * every other suite uses. Needs the PostgreSQL server binaries and either root (the
 * cluster then runs as `postgres`) or to be run as `postgres`.
 */
export interface Cluster {
  /** Superuser connection string of database `postgres`. */
  url: string
  start: () => void
  /** `fast` disconnects clients and shuts down; `immediate` is a crash (recovery at next start). */
  stop: (mode?: 'fast' | 'immediate') => void
  destroy: () => void
}

const BIN_ROOT = '/usr/lib/postgresql'

function binaries(): string | undefined {
  if (!existsSync(BIN_ROOT)) return undefined
  const version = readdirSync(BIN_ROOT).sort((a, b) => Number(b) - Number(a)).find(v => existsSync(join(BIN_ROOT, v, 'bin/pg_ctl')))
  return version && join(BIN_ROOT, version, 'bin')
}

/** Why a private cluster cannot be made here, or undefined when it can. */
export function clusterUnavailable(): string | undefined {
  if (!binaries()) return `no PostgreSQL server binaries under ${BIN_ROOT}`
  const uid = process.getuid?.()
  if (uid !== 0 && process.env.USER !== 'postgres') return 'needs root (to run the cluster as postgres) or the postgres user'
  return undefined
}

export async function startCluster(): Promise<Cluster> {
  const bin = binaries()!
  const asPostgres = process.getuid?.() === 0
  const run = (command: string, args: string[]) => {
    const [file, argv] = asPostgres ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), args]
    const result = spawnSync(file, argv, { encoding: 'utf8' })
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout}`)
  }
  const dir = mkdtempSync(join(tmpdir(), 'pulse-cluster-'))
  if (asPostgres) {
    const ids = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()
    const gid = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()
    chownSync(dir, Number(ids), Number(gid))
  }
  const data = join(dir, 'data')
  const port = await freePort()
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'])
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=60`
  const start = () => run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '30', 'start'])
  start()
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop: (mode = 'fast') => run('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '30', 'stop']),
    destroy: () => {
      spawnSync(asPostgres ? 'runuser' : join(bin, 'pg_ctl'), asPostgres ? ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop'] : ['-D', data, '-m', 'immediate', 'stop'])
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
