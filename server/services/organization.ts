import { eq } from 'drizzle-orm'
import {
  activities, apiKeys, auditLogs, companies, contacts, deals, invitations, organizations, passwordResets, pipelines, refreshTokens, users,
} from '../../drizzle/schema'
import type { MfaPolicyInput, OrganizationDelete, OrganizationUpdate, OwnershipTransfer } from '../../shared/schemas'
import { conflict, forbidden, notFound, validationError } from '../utils/api'
import { auditActor } from '../utils/auth'
import { withTenant, type TenantContext, type Transaction } from '../utils/tenant'
import { applyRole, lockMember, lockOwners } from './members'
import { hasSecondFactor } from './mfa'

const organizationColumns = {
  id: organizations.id,
  name: organizations.name,
  settings: organizations.settings,
  timeZone: organizations.timeZone,
  createdAt: organizations.createdAt,
  updatedAt: organizations.updatedAt,
}

async function load(tx: Transaction, orgId: string) {
  const [org] = await tx.select(organizationColumns).from(organizations).where(eq(organizations.id, orgId))
  if (!org) throw notFound('Organization')
  return org
}

/** The caller's organization: name and settings. */
export async function get(ctx: TenantContext) {
  return withTenant(ctx, tx => load(tx, ctx.orgId))
}

/** Renames the organization and/or changes some settings (the others are kept). */
export async function update(ctx: TenantContext, input: OrganizationUpdate) {
  return withTenant(ctx, async (tx) => {
    const before = await load(tx, ctx.orgId)
    const next = {
      name: input.name ?? before.name,
      settings: { ...before.settings, ...input.settings },
      timeZone: input.timeZone ?? before.timeZone,
    }
    const changes: Record<string, { from: unknown, to: unknown }> = {}
    if (next.name !== before.name) changes.name = { from: before.name, to: next.name }
    if (next.timeZone !== before.timeZone) changes.timeZone = { from: before.timeZone, to: next.timeZone }
    for (const key of Object.keys(next.settings) as (keyof typeof next.settings)[]) {
      if (next.settings[key] !== before.settings[key]) changes[`settings.${key}`] = { from: before.settings[key] ?? null, to: next.settings[key] }
    }
    if (!Object.keys(changes).length) return before
    const [updated] = await tx.update(organizations).set(next).where(eq(organizations.id, ctx.orgId)).returning(organizationColumns)
    await tx.insert(auditLogs).values({
      orgId: ctx.orgId, ...auditActor(ctx), action: 'organization.update', entity: 'organization', entityId: ctx.orgId, changes,
    })
    return updated!
  })
}

/**
 * Who must have a second factor (owner only): people it newly covers are led to set one up
 * at their next request and can do nothing else until they have (utils/auth.ts).
 */
export async function setMfaPolicy(ctx: TenantContext, input: MfaPolicyInput) {
  return withTenant(ctx, async (tx) => {
    const before = await load(tx, ctx.orgId)
    const from = before.settings.mfaPolicy ?? 'off'
    if (from === input.policy) return before
    // Whoever requires it has it: an owner cannot shut themselves out of their own settings.
    if (input.policy !== 'off' && (!ctx.userId || !await hasSecondFactor(tx, ctx.orgId, ctx.userId))) {
      throw conflict('Set up your own second factor before requiring one')
    }
    const [updated] = await tx.update(organizations).set({ settings: { ...before.settings, mfaPolicy: input.policy } })
      .where(eq(organizations.id, ctx.orgId)).returning(organizationColumns)
    await tx.insert(auditLogs).values({
      orgId: ctx.orgId, ...auditActor(ctx), action: 'organization.mfa_policy', entity: 'organization', entityId: ctx.orgId,
      changes: { 'settings.mfaPolicy': { from, to: input.policy } },
    })
    return updated!
  })
}

/**
 * Hands the owner role to another member (owner only): they become owner, the caller
 * admin. Both roles change, so both people's sessions end.
 */
export async function transferOwnership(ctx: TenantContext & { userId: string }, input: OwnershipTransfer) {
  if (input.userId === ctx.userId) {
    throw validationError('Invalid request body', [{ path: 'userId', message: 'must be another member' }])
  }
  return withTenant(ctx, async (tx) => {
    await lockOwners(tx, ctx.orgId)
    const target = await lockMember(tx, ctx.orgId, input.userId)
    const caller = await lockMember(tx, ctx.orgId, ctx.userId)
    if (caller.role !== 'owner') throw forbidden('Only an owner may transfer ownership')
    const newOwner = target.role === 'owner' ? target : await applyRole(tx, ctx.orgId, target, 'owner')
    const formerOwner = await applyRole(tx, ctx.orgId, caller, 'admin')
    await tx.insert(auditLogs).values({
      orgId: ctx.orgId, ...auditActor(ctx), action: 'organization.transfer_ownership', entity: 'organization', entityId: ctx.orgId,
      changes: { from: { userId: caller.id, role: { from: caller.role, to: 'admin' } }, to: { userId: target.id, role: { from: target.role, to: 'owner' } } },
    })
    return { owner: newOwner, previousOwner: formerOwner }
  })
}

/**
 * Deletes the organization and everything in it (owner only), in one transaction. The
 * confirmation must repeat its name exactly. Rows that reference each other go children
 * first; the audit trail (append-only for the app) goes with the organization row's cascade.
 */
export async function remove(ctx: TenantContext, input: OrganizationDelete): Promise<{ id: string }> {
  const removed = await withTenant(ctx, async (tx) => {
    const org = await load(tx, ctx.orgId)
    if (input.confirmName !== org.name) {
      throw validationError('Invalid request body', [{ path: 'confirmName', message: 'does not match the organization\'s name' }])
    }
    // Children before parents: activities, deals, contacts, then companies and pipelines; tokens and keys, then users.
    for (const table of [activities, deals, contacts, companies, pipelines, refreshTokens, passwordResets, invitations, apiKeys, users]) {
      await tx.delete(table).where(eq(table.orgId, ctx.orgId))
    }
    await tx.delete(organizations).where(eq(organizations.id, ctx.orgId))
    return { id: org.id }
  })
  // Its audit trail went with it: the operator's log is the one record left.
  console.info(`[organization] ${removed.id} deleted with all its data by user ${ctx.userId}`)
  return removed
}
