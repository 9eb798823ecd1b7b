import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, describe, expect, inject, it, vi } from 'vitest'
import { importErrors, imports, organizations, users } from '../../drizzle/schema'
import type { TenantContext } from '../../server/utils/tenant'

// The import runner in this process against the run's database: a failure provoked in the
// database itself, and what the import, its report and the log then say.
process.env.DATABASE_URL = inject('databaseUrl')
process.env.PGLITE_DIR = 'memory://'
process.env.PULSE_SEED_DEMO = 'never'

const { useDatabaseHandle, closeDatabase } = await import('../../server/utils/db')
const { runAsTenant } = await import('../../server/database/transaction')
const importsService = await import('../../server/services/imports/index')
const { errorsCsv } = await import('../../server/services/imports/errors')

afterAll(closeDatabase)

async function organization(): Promise<TenantContext> {
  const { db } = await useDatabaseHandle()
  const orgId = uuidv7()
  const userId = uuidv7()
  await runAsTenant(db, orgId, async (tx) => {
    await tx.insert(organizations).values({ id: orgId, name: `Import failures ${orgId}` })
    await tx.insert(users).values({ orgId, id: userId, email: `owner-${userId}@example.test`, name: 'Owner', role: 'owner' })
  })
  return { orgId, userId, role: 'owner', actorType: 'user' }
}

async function* bytes(text: string) {
  yield new TextEncoder().encode(text)
}

async function settled(ctx: TenantContext, id: string) {
  for (let i = 0; i < 600; i++) {
    const current = await importsService.get(ctx, id)
    if (current.status !== 'running') return current
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  throw new Error(`import ${id} is still running`)
}

describe('a database failure during an import run', () => {
  it('ends the import failed with a plain reason, and neither the import nor the log carries the rows\' data', async () => {
    const ctx = await organization()
    const marker = `Boom${randomBytes(4).toString('hex')}`
    const { db } = await useDatabaseHandle()
    // Not a value the database refuses (those are rejected rows) but a statement that fails: a check
    // constraint the runner knows nothing about, hit by the second batch's first row.
    await db.execute(sql.raw(`alter table contacts add constraint test_${marker.toLowerCase()} check (first_name <> '${marker}') not valid`))
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const lines = Array.from({ length: 600 }, (_, i) => `${i === 550 ? marker : `Person${i}`};Geheim;geheim.${i}@private.example;+49 30 555${i}`)
      const uploaded = await importsService.upload(ctx, { entity: 'contacts', fileName: 'people.csv' }, bytes(`Vorname;Nachname;E-Mail;Telefon\n${lines.join('\n')}\n`))
      await importsService.start(ctx, uploaded.id, 'run')
      const done = await settled(ctx, uploaded.id)
      expect(done).toMatchObject({ status: 'failed', rowsDone: 500, createdCount: 500 })
      expect(done.failure).toMatch(/^The database stopped the import \(SQLSTATE 23514\); the rows of the batches before it are saved\. Resume the import to continue\.$/)
      const logged = errors.mock.calls.map(call => call.map(String).join(' ')).join('\n')
      expect(logged).toContain(`import ${uploaded.id} failed`)
      expect(logged).toContain('23514')
      expect(logged).not.toMatch(/private\.example|Geheim|\+49 30 555|params:/)
    }
    finally {
      errors.mockRestore()
      await db.execute(sql.raw(`alter table contacts drop constraint test_${marker.toLowerCase()}`))
    }
  })
})

describe('the rejected rows file', () => {
  it('defuses a reason a spreadsheet would run as a formula', async () => {
    const ctx = await organization()
    const { db } = await useDatabaseHandle()
    const id = uuidv7()
    await runAsTenant(db, ctx.orgId, async (tx) => {
      await tx.insert(imports).values({ orgId: ctx.orgId, id, entity: 'contacts', fileName: 'people.csv', delimiter: ';' })
      await tx.insert(importErrors).values([
        { orgId: ctx.orgId, importId: id, line: 2, reason: '=HYPERLINK("https://evil.example","x")' },
        { orgId: ctx.orgId, importId: id, line: 3, reason: '@SUM(1)' },
        { orgId: ctx.orgId, importId: id, line: 4, reason: 'email: must be an email address' },
      ])
    })
    const { stream, fileName } = await errorsCsv(ctx, id)
    let text = ''
    for await (const chunk of stream) text += String(chunk)
    expect(fileName).toBe('people-errors.csv')
    expect(text.replace(/^\uFEFF/, '')).toBe([
      'line;reason',
      '2;"\'=HYPERLINK(""https://evil.example"",""x"")"',
      '3;\'@SUM(1)',
      '4;email: must be an email address',
      '',
    ].join('\n'))
  })
})
