import { refreshInput } from '#shared/schemas'
import * as sessions from '~~/server/services/sessions'

export default defineEventHandler(async (event) => {
  const input = await validateBody(event, refreshInput)
  return ok(await sessions.refreshSession(input.refreshToken, requestOrigin(event)))
})
