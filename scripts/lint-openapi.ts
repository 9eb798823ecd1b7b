// Writes the OpenAPI document the built server serves (it is generated from the routes'
// declarations, which only exist inside the server bundle) and lints it with Redocly CLI
// against redocly.yaml. Needs `npm run build` first. Offline: Redocly's telemetry and
// update check are switched off. `--write-only` just writes the file.
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { startServer } from '../tests/support/server'

/** Where the document is written; .redocly.lint-ignore.yaml refers to this path. */
const OUTPUT = '.cache/openapi/openapi.json'

async function writeDocument(): Promise<void> {
  const server = await startServer({ PULSE_SEED_DEMO: 'never' })
  try {
    const res = await fetch(`${server.baseUrl}/api/v1/openapi.json`)
    if (!res.ok) throw new Error(`GET /api/v1/openapi.json answered ${res.status}: ${await res.text()}`)
    mkdirSync(dirname(OUTPUT), { recursive: true })
    writeFileSync(OUTPUT, `${JSON.stringify(await res.json(), null, 2)}\n`)
    console.log(`wrote ${OUTPUT}`)
  }
  finally {
    await server.stop()
  }
}

writeDocument().then(() => {
  if (process.argv.includes('--write-only')) return
  const lint = spawnSync('node_modules/.bin/redocly', ['lint', OUTPUT, '--config', 'redocly.yaml'], {
    stdio: 'inherit',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  })
  process.exit(lint.status ?? 1)
}, (error: unknown) => {
  console.error(error)
  process.exit(1)
})
