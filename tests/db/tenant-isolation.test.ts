import { and, eq, sql } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  activities, apiKeys, auditLogs, companies, contacts, deals, invitations, organizations, passwordResets, pipelines, refreshTokens, users,
} from '../../drizzle/schema'
import { openDatabase, resultRows, type DatabaseHandle } from '../../server/database/client'
import { runAsTenant, runWithoutTenant } from '../../server/database/transaction'
import { openTestDatabase } from '../support/database'

let handle: DatabaseHandle

interface Tenant { orgId: string, userId: string, companyId: string, contactId: string, pipelineId: string, dealId: string, activityId: string }

/** One organization with a row in every tenant table, created the way the app creates data. */
async function createTenant(label: string): Promise<Tenant> {
  const t: Tenant = {
    orgId: uuidv7(), userId: uuidv7(), companyId: uuidv7(), contactId: uuidv7(), pipelineId: uuidv7(), dealId: uuidv7(), activityId: uuidv7(),
  }
  const stageId = uuidv7()
  await runAsTenant(handle.db, t.orgId, async (tx) => {
    await tx.insert(organizations).values({ id: t.orgId, name: `Org ${label}` })
    await tx.insert(users).values({ orgId: t.orgId, id: t.userId, email: `owner-${t.orgId}@example.test`, name: `Owner ${label}`, role: 'owner' })
    await tx.insert(companies).values({ orgId: t.orgId, id: t.companyId, name: `Company ${label}`, ownerId: t.userId })
    await tx.insert(contacts).values({ orgId: t.orgId, id: t.contactId, firstName: 'Erika', lastName: `Muster ${label}`, companyId: t.companyId })
    await tx.insert(pipelines).values({ orgId: t.orgId, id: t.pipelineId, name: 'Sales', stages: [{ id: stageId, name: 'New', probability: 10, position: 0, kind: 'open' }] })
    await tx.insert(deals).values({ orgId: t.orgId, id: t.dealId, title: `Deal ${label}`, value: '1000.00', pipelineId: t.pipelineId, stageId, contactId: t.contactId })
    await tx.insert(activities).values({ orgId: t.orgId, id: t.activityId, type: 'call', subject: `Call ${label}`, contactId: t.contactId, dealId: t.dealId })
    await tx.insert(auditLogs).values({ orgId: t.orgId, action: 'contact.create', entity: 'contact', entityId: t.contactId })
    const soon = new Date(Date.now() + 3_600_000)
    await tx.insert(refreshTokens).values({ orgId: t.orgId, userId: t.userId, familyId: uuidv7(), tokenHash: `r-${t.orgId}`, expiresAt: soon })
    await tx.insert(invitations).values({ orgId: t.orgId, email: `invitee-${t.orgId}@example.test`, role: 'member', tokenHash: `i-${t.orgId}`, expiresAt: soon })
    await tx.insert(passwordResets).values({ orgId: t.orgId, userId: t.userId, tokenHash: `p-${t.orgId}`, expiresAt: soon })
    await tx.insert(apiKeys).values({ orgId: t.orgId, name: 'Zapier', scope: 'read', prefix: 'pk_test', keyHash: `k-${t.orgId}` })
  })
  return t
}

const tenantTables = { organizations, users, companies, contacts, pipelines, deals, activities, auditLogs, refreshTokens, invitations, passwordResets, apiKeys }

let a: Tenant
let b: Tenant

beforeAll(async () => {
  handle = await openTestDatabase()
  a = await createTenant('A')
  b = await createTenant('B')
})

afterAll(async () => {
  await handle?.close()
})

describe('row-level security (the database layer)', () => {
  it.each(Object.keys(tenantTables) as (keyof typeof tenantTables)[])('a query on %s that forgets the org filter sees only its own tenant', async (name) => {
    const table = tenantTables[name]
    const rows = await runAsTenant(handle.db, a.orgId, tx => tx.select().from(table))
    expect(rows.length).toBeGreaterThan(0)
    const orgIds = rows.map(r => ('orgId' in r ? r.orgId : r.id))
    expect(new Set(orgIds)).toEqual(new Set([a.orgId]))
  })

  it('refuses to insert a row for another organization', async () => {
    await expect(runAsTenant(handle.db, a.orgId, tx =>
      tx.insert(contacts).values({ orgId: b.orgId, firstName: 'Mallory', lastName: 'Intruder' }),
    )).rejects.toThrow()
    const leaked = await runAsTenant(handle.db, b.orgId, tx => tx.select().from(contacts).where(eq(contacts.lastName, 'Intruder')))
    expect(leaked).toHaveLength(0)
  })

  it('cannot update, move or delete another tenant\'s rows, even by id', async () => {
    const updated = await runAsTenant(handle.db, a.orgId, tx =>
      tx.update(contacts).set({ lastName: 'Hijacked' }).where(eq(contacts.id, b.contactId)).returning())
    const deleted = await runAsTenant(handle.db, a.orgId, tx =>
      tx.delete(deals).where(eq(deals.id, b.dealId)).returning())
    expect(updated).toHaveLength(0)
    expect(deleted).toHaveLength(0)
    await expect(runAsTenant(handle.db, a.orgId, tx =>
      tx.update(contacts).set({ orgId: b.orgId }).where(eq(contacts.id, a.contactId)),
    )).rejects.toThrow()
    const [contactB] = await runAsTenant(handle.db, b.orgId, tx => tx.select().from(contacts).where(eq(contacts.id, b.contactId)))
    expect(contactB?.lastName).toBe('Muster B')
  })

  it('shows nothing when no tenant is set', async () => {
    for (const table of Object.values(tenantTables)) {
      const rows = await runWithoutTenant(handle.db, tx => tx.select().from(table))
      expect(rows).toHaveLength(0)
    }
    await expect(runWithoutTenant(handle.db, tx =>
      tx.insert(contacts).values({ orgId: a.orgId, firstName: 'No', lastName: 'Tenant' }),
    )).rejects.toThrow()
  })

  it('keeps the tenant setting inside its transaction', async () => {
    await runAsTenant(handle.db, a.orgId, tx => tx.select().from(contacts))
    const result = await handle.db.execute(sql`select current_setting('app.org_id', true) as org, current_user as role`)
    const [row] = resultRows<{ org: string | null, role: string }>(result)
    expect(row?.org ?? '').toBe('')
    expect(row?.role).not.toBe('pulse_app')
  })

  it('runs requests as a role that is neither superuser, owner nor able to bypass RLS', async () => {
    const result = await runAsTenant(handle.db, a.orgId, tx => tx.execute(sql`
      select current_user as role, r.rolsuper as super, r.rolbypassrls as bypass,
        (select count(*)::int from pg_class c where c.relowner = r.oid and c.relnamespace = 'public'::regnamespace) as owned
      from pg_roles r where r.rolname = current_user`))
    expect(resultRows(result)).toEqual([{ role: 'pulse_app', super: false, bypass: false, owned: 0 }])
  })

  it('has the tenant set for the first statement of the work (sent right behind the settings)', async () => {
    const result = await runAsTenant(handle.db, b.orgId, tx => tx.execute(sql`select current_user as role, current_setting('app.org_id', true) as org`))
    expect(resultRows(result)).toEqual([{ role: 'pulse_app', org: b.orgId }])
  })

  it('rolls back a failed transaction and hands its connection back outside any transaction', async () => {
    // One connection, so the next statements run on the very connection the failed transaction used.
    const url = inject('databaseUrl') || undefined
    const single = url ? await openDatabase({ url, poolMax: 1 }) : handle
    try {
      const id = uuidv7()
      await expect(runAsTenant(single.db, a.orgId, async (tx) => {
        await tx.insert(contacts).values({ orgId: a.orgId, id, firstName: 'Rolled', lastName: 'Back' })
        throw new Error('work failed')
      })).rejects.toThrow('work failed')
      // A failing statement is the error thrown, too.
      await expect(runAsTenant(single.db, a.orgId, tx => tx.insert(contacts).values({ orgId: a.orgId, firstName: 'No', lastName: 'Company', companyId: uuidv7() })))
        .rejects.toThrow()
      expect(await runAsTenant(single.db, a.orgId, tx => tx.select().from(contacts).where(eq(contacts.id, id)))).toEqual([])
      const after = await single.db.execute(sql`select current_setting('app.org_id', true) as org, current_user <> 'pulse_app' as "ownRole"`)
      expect(resultRows(after)).toEqual([{ org: '', ownRole: true }])
      // Only inside a transaction block is a savepoint possible: none is left open.
      const refused = await single.db.execute(sql`savepoint leftover`).then(() => null, (error: Error) => error.cause)
      expect(refused).toMatchObject({ message: expect.stringMatching(/transaction block/) })
    }
    finally {
      if (single !== handle) await single.close()
    }
  })

  it('forces RLS with a tenant policy on every table that has an org_id', async () => {
    const result = await handle.db.execute(sql`
      select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
        exists (select 1 from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname and p.policyname = 'tenant_isolation') as policy
      from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
        and (exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped) or c.relname = 'organizations')
      order by 1`)
    const tables = resultRows<{ table: string, enabled: boolean, forced: boolean, policy: boolean }>(result)
    expect(tables.map(t => t.table)).toEqual(expect.arrayContaining([
      'activities', 'api_keys', 'audit_logs', 'companies', 'contacts', 'deal_stage_history', 'deals', 'idempotency_keys', 'invitations', 'record_counts',
      'organizations', 'password_resets', 'pipelines', 'refresh_tokens', 'users',
    ]))
    for (const t of tables) expect(t, t.table).toMatchObject({ enabled: true, forced: true, policy: true })
  })
})

describe('composite foreign keys (the schema layer)', () => {
  it('will not link a contact to another tenant\'s company', async () => {
    await expect(runAsTenant(handle.db, a.orgId, tx =>
      tx.update(contacts).set({ companyId: b.companyId }).where(and(eq(contacts.orgId, a.orgId), eq(contacts.id, a.contactId))),
    )).rejects.toThrow()
  })

  it('will not create a deal in another tenant\'s pipeline', async () => {
    await expect(runAsTenant(handle.db, a.orgId, tx =>
      tx.insert(deals).values({ orgId: a.orgId, title: 'Cross', pipelineId: b.pipelineId, stageId: uuidv7() }),
    )).rejects.toThrow()
  })
})

describe('sign-in lookup', () => {
  it('finds exactly one account by email without a tenant, and nothing else', async () => {
    const result = await runWithoutTenant(handle.db, tx => tx.execute(sql`select org_id, user_id from auth_find_login(${`OWNER-${a.orgId}@example.test`})`))
    expect(resultRows(result)).toEqual([{ org_id: a.orgId, user_id: a.userId }])
    const none = await runWithoutTenant(handle.db, tx => tx.execute(sql`select * from auth_find_login('nobody@example.test')`))
    expect(resultRows(none)).toHaveLength(0)
  })

  it('maps a presented secret\'s hash to its organization and to nothing else', async () => {
    for (const [kind, prefix] of [['refresh', 'r'], ['api_key', 'k'], ['invitation', 'i'], ['password_reset', 'p']] as const) {
      const result = await runWithoutTenant(handle.db, tx => tx.execute(sql`select auth_token_org(${kind}, ${`${prefix}-${b.orgId}`}) as org`))
      expect(resultRows(result), kind).toEqual([{ org: b.orgId }])
    }
    const unknown = await runWithoutTenant(handle.db, tx => tx.execute(sql`select auth_token_org('refresh', 'no-such-hash') as org`))
    expect(resultRows(unknown)).toEqual([{ org: null }])
  })

  it('is the only cross-tenant door: the runtime role cannot read users directly', async () => {
    const rows = await runWithoutTenant(handle.db, tx => tx.select().from(users))
    expect(rows).toHaveLength(0)
  })
})
