// Turns the figures the hardening suites left (tests/hardening/support.ts `report`) into
// test-results/hardening/report.md and prints it: what ran, how many cases, what held.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const dir = process.env.HARDENING_REPORT_DIR ?? 'test-results/hardening'
const source = join(dir, 'results.jsonl')

interface Finding { suite: string, scale: string, database: string, figures: Record<string, number | string>, held: string, at: string }

if (!existsSync(source)) {
  console.log(`No hardening results in ${source}: run the hardening suites first.`)
  process.exit(1)
}
const findings = readFileSync(source, 'utf8').split('\n').filter(Boolean).map(line => JSON.parse(line) as Finding)
const lines = ['# Hardening report', '', `${findings.length} suite runs, ${new Date().toISOString()}`, '']
for (const f of findings) {
  const figures = Object.entries(f.figures).map(([k, v]) => `${k} ${typeof v === 'number' ? v.toLocaleString('en') : v}`).join(', ')
  lines.push(`- **${f.suite}** (${f.database}, ${f.scale} scale): ${figures}. Held: ${f.held}.`)
}
const text = `${lines.join('\n')}\n`
writeFileSync(join(dir, 'report.md'), text)
console.log(text)
