import { loginInput } from '#shared/schemas'
import * as auth from '~~/server/services/auth'

export default defineEventHandler(async (event) => {
  const input = await validateBody(event, loginInput)
  return ok(deliverSession(event, await auth.login(input, sessionClient(event))))
})
