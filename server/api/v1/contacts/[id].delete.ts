import * as contacts from '~~/server/services/contacts'
import { idParams } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const { id } = validateParams(event, idParams)
  const ctx = await requireRole(event, 'member')
  return ok(await contacts.remove(ctx, id))
})
