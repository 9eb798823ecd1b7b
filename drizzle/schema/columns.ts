import { sql } from 'drizzle-orm'
import { pgPolicy, timestamp, uuid } from 'drizzle-orm/pg-core'
import { v7 as uuidv7 } from 'uuid'

/** The tenant column every tenant table starts with. */
export const orgId = () => uuid('org_id').notNull()

/** UUIDv7 primary id: time-ordered, so new rows land at the right edge of the index. */
export const id = () => uuid('id').notNull().$defaultFn(() => uuidv7())

export const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$onUpdate(() => new Date()),
}

/** The tenant set by `withTenant` for the current transaction; NULL when none is set. */
export const currentOrgId = sql`nullif(current_setting('app.org_id', true), '')::uuid`

/**
 * Row-level security for a tenant table: rows are visible and writable only while
 * the transaction's `app.org_id` names their organization.
 */
export const tenantPolicy = (column: 'org_id' | 'id' = 'org_id') =>
  pgPolicy('tenant_isolation', {
    as: 'permissive',
    for: 'all',
    using: sql`${sql.identifier(column)} = ${currentOrgId}`,
    withCheck: sql`${sql.identifier(column)} = ${currentOrgId}`,
  })
