import { defineEventHandler, getCookie } from 'h3'
import type { PageState } from '../../shared/page-state'
import { ACCESS_COOKIE } from '../../shared/session'
import { pageState } from '../services/page-state'
import { API_KEY_PREFIX, identifyCredential, requestOrigin } from '../utils/auth'
import { loggable } from '../utils/error-envelope'
import { isDocumentLoad } from '../utils/page-requests'

declare module 'h3' {
  /** Set for a page load with an access cookie: the state, or `null` when the cookie signs no one in. */
  interface H3EventContext { pageState?: PageState | null }
}

/**
 * A page load with the access cookie authenticates once, as an API request would (the
 * token, its session family, the user's current role), and reads the page's surroundings
 * in one transaction (server/services/page-state.ts). The renderer hands them to the app
 * (plugins/page-state.server.ts), which then skips its in-process calls for them.
 * If that fails, nothing is set and the page asks the API as before, which answers the error.
 */
export default defineEventHandler(async (event) => {
  if (!isDocumentLoad(event)) return
  const token = getCookie(event, ACCESS_COOKIE)?.replace(/^Bearer\s+/i, '')
  // Only a person's token: an API key is never a page's session.
  if (!token || token.startsWith(API_KEY_PREFIX)) return
  try {
    const ctx = await identifyCredential(token, requestOrigin(event))
    event.context.pageState = ctx ? await pageState(ctx) : null
  }
  catch (error) {
    console.warn(`[page-state] read for ${event.path} failed, the page asks the API instead: ${loggable(error)}`)
  }
})
