import { apiKeyCreate, apiKeyListQuery, idParams, invitationCreate, invitationListQuery, MEMBER_SORT_FIELDS, memberListQuery, memberUpdate, userListQuery } from '../../../shared/schemas'
import { apiKeyListItem, createdApiKey, apiKey, invitation, member, pendingInvitation, removed, revokedInvitation, userSummary } from '../../../shared/schemas/responses'
import { dataOf, listOf, listQueryParams } from '../components'
import { operation } from '../operation'

export const memberOperations = [
  operation('get', '/api/v1/members', {
    operationId: 'listMembers',
    tag: 'Members',
    summary: 'List members',
    description: 'Ordered by name unless `sort` says otherwise.',
    access: 'viewer',
    query: listQueryParams(memberListQuery, { sortFields: MEMBER_SORT_FIELDS, search: 'Searches name and email; every word must occur.' }),
    success: { description: 'One page of members.', schema: listOf(member) },
  }),
  operation('put', '/api/v1/members/{id}', {
    operationId: 'updateMemberRole',
    tag: 'Members',
    summary: 'Change a member\'s role',
    description: 'Only an owner grants or takes away `owner`. A change signs the member out everywhere, and withdraws invitations they sent that their new role no longer allows.',
    access: { user: 'admin' },
    params: idParams,
    body: memberUpdate,
    success: { description: 'The member with the new role.', schema: dataOf(member) },
    errors: { 404: 'No such member in this organization.', 409: 'The organization needs at least one owner.' },
  }),
  operation('delete', '/api/v1/members/{id}', {
    operationId: 'removeMember',
    tag: 'Members',
    summary: 'Remove a member',
    description: 'Ends their sessions, leaves their records without owner and deletes the account. Admins cannot remove owners; the last owner stays.',
    access: { user: 'admin' },
    params: idParams,
    success: { description: 'Removed.', schema: dataOf(removed) },
    errors: { 404: 'No such member in this organization.', 409: 'The organization needs at least one owner.' },
  }),
]

export const invitationOperations = [
  operation('get', '/api/v1/invitations', {
    operationId: 'listInvitations',
    tag: 'Invitations',
    summary: 'List pending invitations',
    description: 'Newest first.',
    access: { user: 'admin' },
    query: listQueryParams(invitationListQuery),
    success: { description: 'One page of pending invitations.', schema: listOf(pendingInvitation) },
  }),
  operation('post', '/api/v1/invitations', {
    operationId: 'createInvitation',
    tag: 'Invitations',
    summary: 'Invite someone by email',
    description: 'Mails a link valid for seven days, in `locale` or the organization\'s default language. Only an owner invites an owner.',
    access: { user: 'admin' },
    body: invitationCreate,
    success: { status: 201, description: 'Invitation sent.', schema: dataOf(invitation) },
    errors: {
      409: 'The address belongs to a member of this organization, or has a pending invitation here. An address with an account in another organization is answered like any other (that person is told by mail that it cannot join).',
      429: 'Too many requests, or more than 50 invitations in the last hour (`Retry-After` says when the next may go).',
    },
  }),
  operation('delete', '/api/v1/invitations/{id}', {
    operationId: 'revokeInvitation',
    tag: 'Invitations',
    summary: 'Withdraw an invitation',
    description: 'Its link stops working. Withdrawing twice changes nothing.',
    access: { user: 'admin' },
    params: idParams,
    success: { description: 'The withdrawn invitation.', schema: dataOf(revokedInvitation) },
    errors: { 404: 'No such invitation in this organization.', 409: 'The invitation has already been accepted.' },
  }),
]

export const apiKeyOperations = [
  operation('get', '/api/v1/api-keys', {
    operationId: 'listApiKeys',
    tag: 'API keys',
    summary: 'List API keys',
    description: 'Newest first; revoked keys only with `includeRevoked=true`.',
    access: { user: 'admin' },
    query: listQueryParams(apiKeyListQuery),
    success: { description: 'One page of keys (never the keys themselves).', schema: listOf(apiKeyListItem) },
  }),
  operation('post', '/api/v1/api-keys', {
    operationId: 'createApiKey',
    tag: 'API keys',
    summary: 'Create an API key',
    description: 'The answer is the only time the key is shown; the server keeps a hash.',
    access: { user: 'admin' },
    body: apiKeyCreate,
    success: { status: 201, description: 'The new key.', schema: dataOf(createdApiKey) },
  }),
  operation('delete', '/api/v1/api-keys/{id}', {
    operationId: 'revokeApiKey',
    tag: 'API keys',
    summary: 'Revoke an API key',
    description: 'The next request with the key answers 401. Revoking twice changes nothing.',
    access: { user: 'admin' },
    params: idParams,
    success: { description: 'The revoked key.', schema: dataOf(apiKey) },
    errors: { 404: 'No such key in this organization.' },
  }),
]

export const userOperations = [
  operation('get', '/api/v1/users', {
    operationId: 'listUsers',
    tag: 'Users',
    summary: 'List people for owner pickers',
    description: 'Ordered by name.',
    access: 'viewer',
    query: listQueryParams(userListQuery, { search: 'Searches name and email; every word must occur.' }),
    success: { description: 'One page of people.', schema: listOf(userSummary) },
  }),
]
