import * as companies from '~~/server/services/companies'
import { idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const ctx = await requireRole(event, 'member')
  return ok(await companies.remove(ctx, id))
})
