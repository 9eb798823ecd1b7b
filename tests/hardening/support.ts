import { appendFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'

/**
 * How hard the hardening suites push. `ci` (the default, what `npm test` runs) keeps the
 * same assertions with fewer generated cases and shorter durations; `full` is what
 * `npm run test:hardening` runs by hand.
 */
export const SCALE = process.env.HARDENING_SCALE === 'full' ? 'full' : 'ci'
export const scaled = (ci: number, full: number) => (SCALE === 'full' ? full : ci)

/** Where the suites leave their figures; `scripts/hardening-report.ts` turns them into the report. */
export const REPORT_DIR = process.env.HARDENING_REPORT_DIR ?? 'test-results/hardening'

/** Records one finding of a suite: what ran, how many cases, what held. */
export function report(suite: string, figures: Record<string, number | string>, held: string): void {
  mkdirSync(REPORT_DIR, { recursive: true })
  const line = { suite, scale: SCALE, database: process.env.DATABASE_URL ? 'postgresql' : 'pglite', figures, held, at: new Date().toISOString() }
  appendFileSync(join(REPORT_DIR, 'results.jsonl'), `${JSON.stringify(line)}\n`)
}

export { documentedOperations, fillPath, operationName, type Method, type Operation, type Parameter } from '../support/declarations'
