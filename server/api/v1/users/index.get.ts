import { listQueryParams } from '~~/server/openapi/components'
import * as users from '~~/server/services/users'
import { userListQuery } from '~~/shared/schemas'
import { userSummary } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'listUsers',
  tag: 'Users',
  summary: 'List people for owner pickers',
  description: 'Ordered by name.',
  access: 'viewer',
  query: listQueryParams(userListQuery, { search: 'Searches name and email; every word must occur.' }),
  success: { description: 'One page of people.', list: userSummary },
}, ({ ctx, query }) => users.list(ctx, query))
