import * as contacts from '~~/server/services/contacts'
import { contactUpdate, idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const ctx = await requireRole(event, 'member')
  const input = await validateBody(event, contactUpdate)
  return ok(await contacts.update(ctx, id, input))
})
