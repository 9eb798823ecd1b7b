import { loginInput } from '#shared/schemas'
import * as auth from '~~/server/services/auth'

export default defineEventHandler(async (event) => {
  const input = await validateBody(event, loginInput)
  const client = sessionClient(event)
  try {
    return ok(deliverSession(event, await auth.login(input, client)))
  }
  catch (error) {
    if (error instanceof auth.SignInLocked) setResponseHeader(event, 'retry-after', error.retryAfter)
    throw error
  }
})
