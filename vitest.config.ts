import { defineConfig } from 'vitest/config'

// unit: pure logic. db: the data layer against a real database (PGlite, or PostgreSQL
// when DATABASE_URL is set). api and e2e: the built server over HTTP, and real Chromium.
// hardening: generated attacks, fuzzing and injected faults against the built server, at
// CI scale here and at full scale from `npm run test:hardening` (HARDENING_SCALE=full).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'db',
          include: ['tests/db/**/*.test.ts'],
          globalSetup: ['tests/support/database-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'api',
          include: ['tests/api/**/*.test.ts'],
          globalSetup: ['tests/support/database-setup.ts', 'tests/support/mail-server.ts', 'tests/support/server-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/support/database-setup.ts', 'tests/support/mail-server.ts', 'tests/support/server-setup.ts'],
          // Guards against a hang, not budgets: CI runs both databases' passes at once on two cores.
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // expect.poll waits up to 1 s by default, too short for a page's answer under that load.
          expect: { poll: { timeout: 10_000, interval: 100 } },
        },
      },
      {
        test: {
          name: 'hardening',
          include: ['tests/hardening/**/*.test.ts'],
          globalSetup: ['tests/support/database-setup.ts', 'tests/support/mail-server.ts', 'tests/support/server-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
})
