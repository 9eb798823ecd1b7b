import { defineEventHandler, readBody } from 'h3'
import { clientIp } from '../utils/client-ip'
import { authEntryPoint, enforceLoginAccountLimit } from '../utils/rate-limit'

// Failed sign-ins are also counted per account, so guessing one password from many
// addresses is throttled too. Runs after the body limit: the body read here is bounded.
export default defineEventHandler(async (event) => {
  if (event.method !== 'POST' || authEntryPoint(event.path) !== 'login' || !clientIp(event)) return
  let email: unknown
  try {
    email = (await readBody<{ email?: unknown } | null>(event))?.email
  }
  catch {
    return // not JSON: the handler answers 400
  }
  if (typeof email === 'string' && email.trim()) await enforceLoginAccountLimit(event, email)
})
