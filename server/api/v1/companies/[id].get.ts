import * as companies from '~~/server/services/companies'
import { idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const ctx = await requireRole(event, 'viewer')
  return ok(await companies.get(ctx, id))
})
