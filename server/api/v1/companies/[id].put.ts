import * as companies from '~~/server/services/companies'
import { companyUpdate, idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const ctx = await requireRole(event, 'member')
  const input = await validateBody(event, companyUpdate)
  return ok(await companies.update(ctx, id, input))
})
