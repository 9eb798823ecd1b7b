// Writes the OpenAPI document from the source (the same code the server serves it from)
// and lints it with Redocly CLI against redocly.yaml. Offline: Redocly's telemetry and
// update check are switched off. `--write-only` just writes the file.
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { buildOpenApiDocument } from '../server/openapi/document'

/** Where the document is written; .redocly.lint-ignore.yaml refers to this path. */
const OUTPUT = '.cache/openapi/openapi.json'

mkdirSync(dirname(OUTPUT), { recursive: true })
writeFileSync(OUTPUT, `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`)
console.log(`wrote ${OUTPUT}`)

if (!process.argv.includes('--write-only')) {
  const lint = spawnSync('node_modules/.bin/redocly', ['lint', OUTPUT, '--config', 'redocly.yaml'], {
    stdio: 'inherit',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  })
  process.exit(lint.status ?? 1)
}
