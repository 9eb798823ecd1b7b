import { organizationDelete, organizationUpdate, ownershipTransfer } from '../../../shared/schemas'
import { dashboard, organization, ownershipTransferred, removed } from '../../../shared/schemas/responses'
import { dataOf } from '../components'
import { operation } from '../operation'

export const organizationOperations = [
  operation('get', '/api/v1/organization', {
    operationId: 'getOrganization',
    tag: 'Organization',
    summary: 'The caller\'s organization',
    access: 'viewer',
    success: { description: 'Name and settings.', schema: dataOf(organization) },
  }),
  operation('put', '/api/v1/organization', {
    operationId: 'updateOrganization',
    tag: 'Organization',
    summary: 'Rename or change settings',
    description: 'Fields not sent stay unchanged; `settings` is merged key by key.',
    access: { user: 'admin' },
    body: organizationUpdate,
    success: { description: 'The updated organization.', schema: dataOf(organization) },
  }),
  operation('post', '/api/v1/organization/transfer-ownership', {
    operationId: 'transferOwnership',
    tag: 'Organization',
    summary: 'Hand the owner role to another member',
    description: 'The member becomes owner and the caller admin; both are signed out everywhere.',
    access: { user: 'owner' },
    body: ownershipTransfer,
    success: { description: 'Ownership transferred.', schema: dataOf(ownershipTransferred) },
    errors: { 400: 'Invalid input, or `userId` is the caller.', 404: 'No such member in this organization.' },
  }),
  operation('delete', '/api/v1/organization', {
    operationId: 'deleteOrganization',
    tag: 'Organization',
    summary: 'Delete the organization and all its data',
    description: 'Irreversible: every record, member, key and the audit trail go. The body repeats the organization\'s name as confirmation.',
    access: { user: 'owner' },
    body: organizationDelete,
    success: { description: 'Deleted.', schema: dataOf(removed) },
    errors: { 400: 'Invalid input, or `confirmName` does not match the organization\'s name.' },
  }),
]

export const dashboardOperations = [
  operation('get', '/api/v1/dashboard', {
    operationId: 'getDashboard',
    tag: 'Dashboard',
    summary: 'Key figures for the start page',
    access: 'viewer',
    success: { description: 'Counts, pipeline value, results of the month and due tasks.', schema: dataOf(dashboard) },
  }),
]
