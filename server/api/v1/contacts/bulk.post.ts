import * as contacts from '~~/server/services/contacts'
import { contactBulk } from '~~/shared/schemas'

export default defineEventHandler(async (event) => {
  const ctx = await requireRole(event, 'member')
  return idempotent(event, ctx, async () => {
    const input = await validateBody(event, contactBulk)
    return ok(await contacts.bulk(ctx, input))
  })
})
