import * as contacts from '~~/server/services/contacts'
import { contactCreate } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const ctx = await requireRole(event, 'member')
  return idempotent(event, ctx, async () => {
    const input = await validateBody(event, contactCreate)
    return created(event, await contacts.create(ctx, input))
  })
})
