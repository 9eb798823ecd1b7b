import { defineConfig } from 'drizzle-kit'

// Generation needs no database; `npm run db:migrate` applies migrations through the app's own migrator.
export default defineConfig({
  dialect: 'postgresql',
  schema: './drizzle/schema/index.ts',
  out: './drizzle/migrations',
  casing: 'snake_case',
  entities: { roles: true },
})
