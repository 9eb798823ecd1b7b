import * as imports from '~~/server/services/imports'
import { importListQuery } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const query = validateQuery(event, importListQuery)
  const ctx = await requireRole(event, 'member')
  const { data, meta } = await imports.list(ctx, query)
  return ok(data, meta)
})
