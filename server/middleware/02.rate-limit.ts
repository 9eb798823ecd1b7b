import { defineEventHandler } from 'h3'
import { enforceRequestLimits, isRateLimitedPath } from '../utils/rate-limit'

// Every /api request except the probes draws from a budget; over it answers 429 RATE_LIMITED.
export default defineEventHandler(async (event) => {
  if (isRateLimitedPath(event.path)) await enforceRequestLimits(event)
})
