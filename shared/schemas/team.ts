import { z } from 'zod'
import { email, listQuery, locale, requiredText, uuid } from './common'
import { sortParam } from './list-queries'
import { password, role } from './user'

export const MEMBER_SORT_FIELDS = ['name', 'email', 'role', 'lastLoginAt', 'createdAt'] as const
export type MemberSortField = (typeof MEMBER_SORT_FIELDS)[number]

/** The team list: `q` searches name and email. */
export const memberListQuery = listQuery.extend({
  sort: sortParam(MEMBER_SORT_FIELDS),
  role: role.optional(),
}).strict()
export type MemberListQuery = z.output<typeof memberListQuery>

export const memberUpdate = z.object({ role }).strict()
export type MemberUpdate = z.infer<typeof memberUpdate>

/** People to pick as the owner of a record: `q` searches name and email, ordered by name. */
export const userListQuery = listQuery.omit({ sort: true }).extend({
  role: role.optional(),
}).strict()
export type UserListQuery = z.output<typeof userListQuery>

export const invitationCreate = z.object({
  email,
  role,
  locale: locale.optional(),
}).strict()
export type InvitationCreate = z.infer<typeof invitationCreate>

/** Pending invitations, newest first. */
export const invitationListQuery = listQuery.pick({ page: true, limit: true }).strict()
export type InvitationListQuery = z.output<typeof invitationListQuery>

/** The secret from the invitation link; its shape is checked by looking it up. */
export const invitationToken = z.string().trim().min(1).max(200)

export const invitationLookup = z.object({ token: invitationToken }).strict()
export type InvitationLookup = z.infer<typeof invitationLookup>

export const invitationAccept = z.object({
  token: invitationToken,
  name: requiredText(200),
  password,
}).strict()
export type InvitationAccept = z.infer<typeof invitationAccept>

export const ownershipTransfer = z.object({ userId: uuid }).strict()
export type OwnershipTransfer = z.infer<typeof ownershipTransfer>

/** Deleting an organization: its name, typed again, as confirmation. */
export const organizationDelete = z.object({ confirmName: z.string().min(1).max(200) }).strict()
export type OrganizationDelete = z.infer<typeof organizationDelete>
