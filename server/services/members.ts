import { and, count, eq, isNull, ne, not, sql } from 'drizzle-orm'
import { activities, auditLogs, companies, contacts, deals, invitations, users } from '../../drizzle/schema'
import type { Locale, Role } from '../../shared/domain'
import type { MemberListQuery, MemberSortField, MemberUpdate, SortKey } from '../../shared/schemas'
import { conflict, forbidden, notFound } from '../utils/api'
import { auditActor } from '../utils/auth'
import { withTenant, type TenantContext, type Transaction } from '../utils/tenant'
import { orderBy, pageOf, textSearch } from './list'
import { revokeAllSessions } from './sessions'

/** What the team screen shows of a person; never the password hash or lockout state. */
export const memberColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  locale: users.locale,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
}

export interface Member {
  id: string
  email: string
  name: string
  role: Role
  locale: Locale
  lastLoginAt: Date | null
  createdAt: Date
}

const sortColumns = {
  name: users.name,
  email: users.email,
  role: users.role,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
}

// Matches users_org_name_idx (org_id, name, id).
const defaultSort: SortKey<MemberSortField>[] = [{ field: 'name', direction: 'asc' }]

/** One page of the organization's members. */
export async function list(ctx: TenantContext, query: MemberListQuery) {
  const where = and(
    eq(users.orgId, ctx.orgId),
    query.role ? eq(users.role, query.role) : undefined,
    textSearch(query.q, [users.name, users.email]),
  )
  return withTenant(ctx, tx => pageOf(
    query,
    () => tx.select({ total: count() }).from(users).where(where),
    (limit, offset) => tx.select(memberColumns).from(users).where(where)
      .orderBy(...orderBy(query.sort, defaultSort, sortColumns, users.id))
      .limit(limit).offset(offset),
  ))
}

/** The member row, locked for the rest of the transaction; 404 when it is not in this organization. */
export async function lockMember(tx: Transaction, orgId: string, userId: string): Promise<Member> {
  const [member] = await tx.select(memberColumns).from(users)
    .where(and(eq(users.orgId, orgId), eq(users.id, userId)))
    .for('update')
  if (!member) throw notFound('Member')
  return member
}

/**
 * Locks every owner row of the organization and says how many there are. Changes that
 * could leave no owner take this lock first, so two of them cannot both see "one more".
 */
export async function lockOwners(tx: Transaction, orgId: string): Promise<number> {
  const owners = await tx.select({ id: users.id }).from(users)
    .where(and(eq(users.orgId, orgId), eq(users.role, 'owner')))
    .orderBy(users.id)
    .for('update')
  return owners.length
}

/**
 * Withdraws the pending invitations a member sent that their role no longer allows
 * (all of them below admin, owner invitations below owner), so a demoted or removed
 * admin cannot come back through an address of their own.
 */
async function withdrawInvitationsBy(tx: Transaction, orgId: string, memberId: string, role: Role | null) {
  const stillAllowed = role === 'owner' ? null : role === 'admin' ? ne(invitations.role, 'owner') : sql`false`
  if (stillAllowed === null) return
  await tx.update(invitations).set({ revokedAt: new Date() }).where(and(
    eq(invitations.orgId, orgId), eq(invitations.invitedBy, memberId),
    isNull(invitations.acceptedAt), isNull(invitations.revokedAt), not(stillAllowed),
  ))
}

/** Sets a member's role and ends their sessions; the caller has checked who may do it and writes the audit entry. */
export async function applyRole(tx: Transaction, orgId: string, member: Member, role: Role): Promise<Member> {
  const [updated] = await tx.update(users).set({ role })
    .where(and(eq(users.orgId, orgId), eq(users.id, member.id)))
    .returning(memberColumns)
  await revokeAllSessions(tx, orgId, member.id)
  await withdrawInvitationsBy(tx, orgId, member.id, role)
  return updated!
}

/**
 * Changes a member's role (admin+). Only an owner grants or takes away 'owner', and the
 * last owner stays one. A change ends the member's sessions.
 */
export async function updateRole(ctx: TenantContext, memberId: string, input: MemberUpdate): Promise<Member> {
  return withTenant(ctx, async (tx) => {
    const owners = await lockOwners(tx, ctx.orgId)
    const member = await lockMember(tx, ctx.orgId, memberId)
    if (member.role === input.role) return member
    if ((member.role === 'owner' || input.role === 'owner') && ctx.role !== 'owner') {
      throw forbidden('Only an owner may grant or take away the owner role')
    }
    if (member.role === 'owner' && owners <= 1) throw conflict('The organization needs at least one owner')
    const updated = await applyRole(tx, ctx.orgId, member, input.role)
    await tx.insert(auditLogs).values({
      orgId: ctx.orgId, ...auditActor(ctx), action: 'member.update', entity: 'user', entityId: member.id,
      changes: { role: { from: member.role, to: input.role } },
    })
    return updated
  })
}

/**
 * Removes a member (admin+): ends their sessions, hands their records to nobody and
 * deletes the account, in one transaction. Admins cannot remove owners; the last owner stays.
 */
export async function remove(ctx: TenantContext, memberId: string): Promise<{ id: string }> {
  return withTenant(ctx, async (tx) => {
    const owners = await lockOwners(tx, ctx.orgId)
    const member = await lockMember(tx, ctx.orgId, memberId)
    if (member.role === 'owner') {
      if (ctx.role !== 'owner') throw forbidden('Only an owner may remove an owner')
      if (owners <= 1) throw conflict('The organization needs at least one owner')
    }
    await revokeAllSessions(tx, ctx.orgId, member.id)
    await withdrawInvitationsBy(tx, ctx.orgId, member.id, null)
    for (const table of [activities, deals, contacts, companies]) {
      await tx.update(table).set({ ownerId: null }).where(and(eq(table.orgId, ctx.orgId), eq(table.ownerId, member.id)))
    }
    await tx.delete(users).where(and(eq(users.orgId, ctx.orgId), eq(users.id, member.id)))
    await tx.insert(auditLogs).values({
      orgId: ctx.orgId, ...auditActor(ctx), action: 'member.remove', entity: 'user', entityId: member.id,
      changes: { email: member.email, name: member.name, role: member.role },
    })
    return { id: member.id }
  })
}
