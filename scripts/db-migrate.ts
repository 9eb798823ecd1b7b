// Applies pending migrations to the configured database (the server also does this at start).
import { openDatabase } from '../server/database/client'

const handle = await openDatabase({
  url: process.env.DATABASE_URL,
  migrationUrl: process.env.DATABASE_MIGRATION_URL,
  pgliteDir: process.env.PGLITE_DIR ?? '.data/pglite',
})
try {
  await handle.migrate()
  console.log(`migrations applied (${handle.kind})`)
}
finally {
  await handle.close()
}
