import { pgRole } from 'drizzle-orm/pg-core'

/**
 * The role every request runs as (`SET LOCAL ROLE` in `withTenant`): owns nothing,
 * cannot bypass RLS. Roles are cluster-wide, so a custom migration creates them
 * guarded by IF NOT EXISTS; drizzle-kit only references them.
 */
export const appRole = pgRole('pulse_app').existing()

/** Owns the sign-in lookup function; may read users across tenants and nothing else. */
export const authRole = pgRole('pulse_auth').existing()

/**
 * Owns the search function: reads contacts, companies and deals without RLS quals so the
 * trigram indexes can be used; the function itself confines every query to `app.org_id`.
 */
export const searchRole = pgRole('pulse_search').existing()

export const APP_ROLE = 'pulse_app'
