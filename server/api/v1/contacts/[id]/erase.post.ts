import { eraseContact } from '~~/server/services/privacy/erasure'
import { contactErase, idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const input = await validateBody(event, contactErase)
  const ctx = await requireRole(event, 'admin')
  return ok(await eraseContact(ctx, id, input))
})
