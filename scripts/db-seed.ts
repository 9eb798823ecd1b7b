// Creates a demo organization in the configured database (PostgreSQL with DATABASE_URL, else PGlite).
// Usage: tsx scripts/db-seed.ts [--contacts N] [--companies N] [--org "Name"] [--email x] [--password y] [--seed N]
import { parseArgs } from 'node:util'
import { openDatabase } from '../server/database/client'
import { seedDemoOrganization } from '../server/database/seed'
import { hashPassword } from '../server/utils/password'

const { values: args } = parseArgs({
  options: {
    contacts: { type: 'string' },
    companies: { type: 'string' },
    org: { type: 'string' },
    email: { type: 'string' },
    password: { type: 'string' },
    seed: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
})

if (args.help) {
  console.log('Usage: tsx scripts/db-seed.ts [--contacts N] [--companies N] [--org "Name"] [--email x] [--password y] [--seed N]')
  process.exit(0)
}

/** `undefined` keeps the seeder's default; anything but a whole number is a usage error. */
function integerArg(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value)) {
    console.error(`--${name} must be a non-negative whole number, got "${value}"`)
    process.exit(2)
  }
  return Number(value)
}

const options = {
  contacts: integerArg('contacts', args.contacts),
  companies: integerArg('companies', args.companies),
  seed: integerArg('seed', args.seed),
  orgName: args.org,
  ownerEmail: args.email,
  ownerPassword: args.password,
  hashPassword,
}

const handle = await openDatabase({
  url: process.env.DATABASE_URL,
  migrationUrl: process.env.DATABASE_MIGRATION_URL,
  pgliteDir: process.env.PGLITE_DIR ?? '.data/pglite',
})
try {
  await handle.migrate()
  const started = performance.now()
  const result = await seedDemoOrganization(handle.db, options)
  const ms = Math.round(performance.now() - started)
  const { counts } = result
  console.log(`demo organization "${result.orgName}" created (${handle.kind}, ${ms} ms)`)
  console.log(`  org id:     ${result.orgId}`)
  console.log(`  users:      ${counts.users}`)
  console.log(`  companies:  ${counts.companies}`)
  console.log(`  contacts:   ${counts.contacts}`)
  console.log(`  deals:      ${counts.deals}`)
  console.log(`  activities: ${counts.activities}`)
  console.log(`  sign in as  ${result.ownerEmail} / ${result.ownerPassword}`)
}
catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
}
finally {
  await handle.close()
}
