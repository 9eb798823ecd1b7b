import { logoutInput } from '#shared/schemas'
import * as sessions from '~~/server/services/sessions'

// Answers the same for unknown tokens: logging out is no way to test whether a token exists.
export default defineEventHandler(async (event) => {
  const input = await validateBody(event, logoutInput)
  await sessions.endSession(input.refreshToken)
  return ok({ loggedOut: true })
})
