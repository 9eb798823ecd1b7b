// Lints what cannot be built here (no Docker engine on these machines): the Dockerfile with
// dockerfile-utils (the Dockerfile language service's validator: instructions, flags, ports,
// durations, stage names) and the compose file with dclint (the Compose schema and its default
// best-practice rules). Any finding, warning or error, fails the check.
import { spawnSync } from 'node:child_process'

const DOCKERFILES = ['Dockerfile']
const COMPOSE_FILES = ['deploy/compose.yaml']

let failed = false
for (const file of DOCKERFILES) {
  // dockerfile-utils exits 0 on warnings: its output is the verdict.
  const run = spawnSync('node_modules/.bin/dockerfile-utils', ['lint', file], { encoding: 'utf8' })
  const findings = `${run.stdout}${run.stderr}`.trim()
  if (run.status !== 0 || findings) {
    console.error(`${file}:\n${findings}`)
    failed = true
  }
  else {
    console.log(`${file}: no findings`)
  }
}
const compose = spawnSync('node_modules/.bin/dclint', [...COMPOSE_FILES, '--max-warnings', '0'], { stdio: 'inherit' })
if (compose.status !== 0) failed = true
else console.log(`${COMPOSE_FILES.join(', ')}: no findings`)
process.exit(failed ? 1 : 0)
