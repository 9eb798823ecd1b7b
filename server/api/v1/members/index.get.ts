import { listQueryParams } from '~~/server/openapi/components'
import * as members from '~~/server/services/members'
import { MEMBER_SORT_FIELDS, memberListQuery } from '~~/shared/schemas'
import { member } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'listMembers',
  tag: 'Members',
  summary: 'List members',
  description: 'Ordered by name unless `sort` says otherwise.',
  access: 'viewer',
  query: listQueryParams(memberListQuery, { sortFields: MEMBER_SORT_FIELDS, search: 'Searches name and email; every word must occur.' }),
  success: { description: 'One page of members.', list: member },
}, ({ ctx, query }) => members.list(ctx, query))
