import * as organization from '~~/server/services/organization'
import { ownershipTransfer } from '~~/shared/schemas'
import { ownershipTransferred } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'transferOwnership',
  tag: 'Organization',
  summary: 'Hand the owner role to another member',
  description: 'The member becomes owner and the caller admin; both are signed out everywhere.',
  access: { user: 'owner' },
  body: ownershipTransfer,
  // An id that names no member: sent by the permission suite, it stops at 404.
  example: { body: { userId: '0190a1b2-0000-7000-8000-000000000001' } },
  success: { description: 'Ownership transferred.', data: ownershipTransferred },
  errors: { 400: 'Invalid input, or `userId` is the caller.', 404: 'No such member in this organization.' },
}, ({ ctx, body }) => organization.transferOwnership(ctx, body))
