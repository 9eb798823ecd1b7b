import { loginInput } from '#shared/schemas'
import * as auth from '~~/server/services/auth'

export default defineEventHandler(async (event) => {
  const input = await validateBody(event, loginInput)
  try {
    return ok(await auth.login(input, requestOrigin(event)))
  }
  catch (error) {
    if (error instanceof auth.SignInLocked) setResponseHeader(event, 'retry-after', error.retryAfter)
    throw error
  }
})
