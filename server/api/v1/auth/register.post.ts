import { registerInput } from '#shared/schemas'
import * as auth from '~~/server/services/auth'

export default defineEventHandler(async (event) => {
  const input = await validateBody(event, registerInput)
  const locale = auth.preferredLocale(getCookie(event, 'pulse_locale'), getHeader(event, 'accept-language'))
  return created(event, deliverSession(event, await auth.register(input, { ...sessionClient(event), locale })))
})
