import { and, count, desc, eq, gt, isNull, min, sql } from 'drizzle-orm'
import { auditLogs, invitations, organizations, users } from '../../drizzle/schema'
import type { InvitationAccept, InvitationCreate, InvitationListQuery } from '../../shared/schemas'
import { resultRows } from '../database/client'
import { conflict, forbidden, notFound, RateLimited } from '../utils/api'
import { auditActor, type RequestOrigin, type SessionClient } from '../utils/auth'
import { appUrlFor } from '../utils/env'
import { sendMail } from '../utils/mail'
import { assertAcceptablePassword, hashPassword } from '../utils/password'
import { hashSecret, newSecret, organizationOfSecret } from '../utils/secrets'
import { withTenant, type TenantContext, type Transaction } from '../utils/tenant'
import { pageOf } from './list'
import { createSession } from './sessions'

export const INVITATION_TTL_MS = 7 * 86_400_000
const HOUR_MS = 3_600_000
export const INVITATIONS_PER_HOUR = 50

const INVALID_INVITATION = 'Invitation'

/** Still usable: neither accepted nor revoked, and not expired. */
const pending = (now: Date) => and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now))

const invitationColumns = {
  id: invitations.id,
  email: invitations.email,
  role: invitations.role,
  locale: invitations.locale,
  expiresAt: invitations.expiresAt,
  createdAt: invitations.createdAt,
}

/**
 * The organization of the account that signs in with this email, if any: emails are unique
 * across organizations (the sign-in lookup may tell). Never answered to an inviter beyond
 * "a member here": another organization's accounts are not theirs to learn about.
 */
async function accountOrganization(tx: Transaction, email: string): Promise<string | null> {
  return resultRows<{ org_id: string }>(await tx.execute(sql`select org_id from auth_find_login(${email})`))[0]?.org_id ?? null
}

/**
 * Invites someone by email (admin+; only an owner invites an owner). The token goes out
 * in the mail and is stored only as its hash; the invitation is valid for seven days.
 * The mail is sent after the commit, so no database connection waits on the mail
 * provider; a failed send withdraws the invitation again, so a retry is not refused.
 *
 * Every attempt counts against the hourly cap, checked first. An address with an account
 * in another organization is answered exactly like a new one (the invitation is recorded
 * and listed as pending), so no organization can test which addresses have accounts; that
 * person gets a mail saying their address cannot join, instead of a link that cannot work.
 * A member of this organization is refused: the inviter can see the members anyway.
 */
export async function create(ctx: TenantContext, input: InvitationCreate) {
  if (input.role === 'owner' && ctx.role !== 'owner') throw forbidden('Only an owner may invite an owner')
  const token = newSecret('inv_')
  const { invitation, mail } = await withTenant(ctx, async (tx) => {
    // Serialises invitations of one address in this organization, so two clicks make one invitation.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`invitation:${ctx.orgId}:${input.email}`}, 0))`)
    // A free sign-up makes anyone an admin: cap how much mail one organization can send.
    const [sent] = await tx.select({ n: count(), oldest: min(invitations.createdAt) }).from(invitations)
      .where(and(eq(invitations.orgId, ctx.orgId), gt(invitations.createdAt, new Date(Date.now() - HOUR_MS))))
    if (sent?.oldest && sent.n >= INVITATIONS_PER_HOUR) {
      // The window frees a place when its oldest invitation turns an hour old.
      throw new RateLimited(`At most ${INVITATIONS_PER_HOUR} invitations per hour`, (sent.oldest.getTime() + HOUR_MS - Date.now()) / 1000)
    }
    const accountIn = await accountOrganization(tx, input.email)
    if (accountIn === ctx.orgId) throw conflict('This person is already a member of the organization')
    const [open] = await tx.select({ id: invitations.id }).from(invitations)
      .where(and(eq(invitations.orgId, ctx.orgId), eq(invitations.email, input.email), pending(new Date())))
    if (open) throw conflict('This email address already has a pending invitation')

    const [org] = await tx.select({ name: organizations.name, settings: organizations.settings })
      .from(organizations).where(eq(organizations.id, ctx.orgId))
    const [inviter] = ctx.userId
      ? await tx.select({ name: users.name }).from(users).where(and(eq(users.orgId, ctx.orgId), eq(users.id, ctx.userId)))
      : []
    const locale = input.locale ?? org?.settings.defaultLocale ?? 'de'
    const [invitation] = await tx.insert(invitations).values({
      orgId: ctx.orgId, email: input.email, role: input.role, locale, tokenHash: hashSecret(token),
      invitedBy: ctx.userId, expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
    }).returning(invitationColumns)
    await tx.insert(auditLogs).values({
      orgId: ctx.orgId, ...auditActor(ctx), action: 'invitation.create', entity: 'invitation', entityId: invitation!.id,
      changes: { email: input.email, role: input.role, locale },
    })
    const appUrl = appUrlFor(ctx)
    const mail = {
      to: input.email,
      locale,
      template: accountIn ? 'invitation_account_exists' as const : 'invitation' as const,
      data: {
        organization: org?.name ?? '',
        inviter: inviter?.name ?? '',
        role: input.role,
        // An account elsewhere cannot accept: its mail leads to its own sign-in, never to the token.
        link: accountIn ? `${appUrl}/login` : `${appUrl}/accept-invite?token=${encodeURIComponent(token)}`,
      },
    }
    return { invitation: invitation!, mail }
  })
  try {
    await sendMail(mail)
  }
  catch (error) {
    await withTenant(ctx, tx => tx.update(invitations).set({ revokedAt: new Date() })
      .where(and(eq(invitations.orgId, ctx.orgId), eq(invitations.id, invitation.id))))
    throw error
  }
  return invitation
}

/** Pending invitations, newest first, with who sent them. */
export async function list(ctx: TenantContext, query: InvitationListQuery) {
  const where = and(eq(invitations.orgId, ctx.orgId), pending(new Date()))
  return withTenant(ctx, tx => pageOf(
    query,
    () => tx.select({ total: count() }).from(invitations).where(where),
    (limit, offset) => tx
      .select({ ...invitationColumns, invitedBy: { id: users.id, name: users.name } })
      .from(invitations)
      .leftJoin(users, and(eq(users.orgId, ctx.orgId), eq(users.id, invitations.invitedBy)))
      .where(where)
      .orderBy(desc(invitations.createdAt), desc(invitations.id))
      .limit(limit).offset(offset),
  ))
}

/** Withdraws an invitation (admin+); its link stops working. An accepted one cannot be withdrawn. */
export async function revoke(ctx: TenantContext, id: string) {
  return withTenant(ctx, async (tx) => {
    const [invitation] = await tx.select({ ...invitationColumns, acceptedAt: invitations.acceptedAt, revokedAt: invitations.revokedAt })
      .from(invitations)
      .where(and(eq(invitations.orgId, ctx.orgId), eq(invitations.id, id)))
      .for('update')
    if (!invitation) throw notFound('Invitation')
    if (invitation.acceptedAt) throw conflict('This invitation has already been accepted')
    if (invitation.revokedAt) return invitation
    const [revoked] = await tx.update(invitations).set({ revokedAt: new Date() })
      .where(and(eq(invitations.orgId, ctx.orgId), eq(invitations.id, id)))
      .returning({ ...invitationColumns, acceptedAt: invitations.acceptedAt, revokedAt: invitations.revokedAt })
    await tx.insert(auditLogs).values({
      orgId: ctx.orgId, ...auditActor(ctx), action: 'invitation.revoke', entity: 'invitation', entityId: id,
      changes: { email: invitation.email, role: invitation.role },
    })
    return revoked!
  })
}

/** The pending invitation a token belongs to, locked when `forUpdate`; null when unknown, used, revoked or expired. */
async function pendingByToken(tx: Transaction, orgId: string, token: string, forUpdate = false) {
  const query = tx
    .select({ ...invitationColumns, organization: { name: organizations.name } })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .where(and(eq(invitations.orgId, orgId), eq(invitations.tokenHash, hashSecret(token)), pending(new Date())))
  const [row] = forUpdate ? await query.for('update', { of: invitations }) : await query
  return row ?? null
}

/** What the accept page shows before anyone signs up (no sign-in); 404 for an invalid or expired token. */
export async function preview(token: string) {
  const orgId = await organizationOfSecret('invitation', token)
  const found = orgId ? await withTenant({ orgId }, tx => pendingByToken(tx, orgId, token)) : null
  if (!found) throw notFound(INVALID_INVITATION)
  return { organization: { name: found.organization.name }, email: found.email, role: found.role, expiresAt: found.expiresAt }
}

/**
 * Accepts an invitation (no sign-in): creates the account with the invited email, role
 * and locale and marks the invitation used, in one transaction; then signs the new
 * member in. A token works once.
 */
export async function accept(input: InvitationAccept, origin: RequestOrigin & SessionClient) {
  const orgId = await organizationOfSecret('invitation', input.token)
  if (!orgId) throw notFound(INVALID_INVITATION)
  await assertAcceptablePassword(input.password)
  const passwordHash = await hashPassword(input.password)

  const session = await withTenant({ orgId }, async (tx) => {
    const invitation = await pendingByToken(tx, orgId, input.token, true)
    if (!invitation) throw notFound(INVALID_INVITATION)
    if (await accountOrganization(tx, invitation.email)) throw conflict('This email address already has an account')
    const now = new Date()
    const [user] = await tx.insert(users).values({
      orgId, email: invitation.email, name: input.name, passwordHash, role: invitation.role, locale: invitation.locale, lastLoginAt: now,
    }).returning({ id: users.id, email: users.email, name: users.name, role: users.role, locale: users.locale })
    await tx.update(invitations).set({ acceptedAt: now })
      .where(and(eq(invitations.orgId, orgId), eq(invitations.id, invitation.id)))
    await tx.insert(auditLogs).values({
      orgId, actorId: user!.id, actorType: 'user', ip: origin.ip, userAgent: origin.userAgent,
      action: 'invitation.accept', entity: 'invitation', entityId: invitation.id,
      changes: { userId: user!.id, email: invitation.email, role: invitation.role },
    })
    const [organization] = await tx.select({ id: organizations.id, name: organizations.name })
      .from(organizations).where(eq(organizations.id, orgId))
    return { user: user!, organization: organization! }
  })
  const tokens = await createSession({ orgId, userId: session.user.id, ip: origin.ip, userAgent: origin.userAgent, browser: origin.browser })
  return { ...session, ...tokens }
}
