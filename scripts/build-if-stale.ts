// Builds the production server only when its inputs changed since the last build, so
// `npm test` (which runs the built server) stays quick on repeated runs.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const INPUTS = [
  'app.vue', 'error.vue', 'nuxt.config.ts', 'i18n.config.ts', 'package-lock.json',
  'assets', 'components', 'composables', 'layouts', 'middleware', 'pages', 'plugins', 'stores', 'theme',
  'locales', 'public', 'server', 'service-worker', 'shared', 'drizzle', 'utils',
]
const STAMP = '.output/.inputs-hash'

function files(path: string): string[] {
  if (!existsSync(path)) return []
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path).sort().flatMap(entry => files(join(path, entry)))
}

const hash = createHash('sha256')
for (const file of INPUTS.flatMap(files)) hash.update(file).update(readFileSync(file))
const digest = hash.digest('hex')

if (process.argv.includes('--record')) {
  // Called right after `nuxt build`: remember what this build was made from.
  writeFileSync(STAMP, digest)
}
else if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === digest && existsSync('.output/server/index.mjs')) {
  console.log('build is up to date')
}
else {
  execFileSync('npx', ['nuxt', 'build'], { stdio: 'inherit' })
  writeFileSync(STAMP, digest)
}
