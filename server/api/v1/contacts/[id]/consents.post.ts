import * as consents from '~~/server/services/privacy/consents'
import { consentCreate, idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const ctx = await requireRole(event, 'member')
  return idempotent(event, ctx, async () => {
    const input = await validateBody(event, consentCreate)
    return created(event, await consents.create(ctx, id, input))
  })
})
