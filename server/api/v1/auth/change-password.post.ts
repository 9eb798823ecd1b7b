import { changePasswordInput } from '#shared/schemas'
import * as auth from '~~/server/services/auth'

// Every session of the user ends; the answer (for the web app: its cookies) is this device's new one.
export default defineEventHandler(async (event) => {
  const input = await validateBody(event, changePasswordInput)
  const ctx = await requireUser(event)
  const { browser } = sessionClient(event)
  return ok(deliverSession(event, await auth.changePassword(ctx, input, { browser })))
})
