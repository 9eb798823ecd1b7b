import * as companies from '~~/server/services/companies'
import { companyCreate } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const ctx = await requireRole(event, 'member')
  return idempotent(event, ctx, async () => {
    const input = await validateBody(event, companyCreate)
    return created(event, await companies.create(ctx, input))
  })
})
